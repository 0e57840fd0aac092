"""Refresh sessions and the tokens they issue: log in, rotate, log out, revoke, and whether an
access token (and the viewer behind it) is still live.

A session is one login; its refresh token rotates and only the latest one is current, so a
replayed refresh token reveals a leak and ends the session.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role, Viewer
from common.db import Database
from common.errors import Forbidden, Unauthenticated
from common.ids import new_id
from common.logging import get_logger
from common.revocation import RevocationList
from subgraphs.auth.accounts import Accounts, account_by_email
from subgraphs.auth.keys import ACCESS, IssuedToken, Signer, TokenInvalid
from subgraphs.auth.models import Account, AccountState, RefreshSession, now
from subgraphs.auth.passwords import Passwords
from subgraphs.auth.throttle import LoginThrottle
from subgraphs.auth.validation import check_password_length, normalize_email

log = get_logger(__name__)


@dataclass(frozen=True)
class ClientInfo:
    address: str
    user_agent: str | None = None


@dataclass(frozen=True)
class Tokens:
    access: IssuedToken
    refresh: IssuedToken
    account: Account


@dataclass(frozen=True)
class TokenCheck:
    valid: bool
    expired: bool = False
    user_id: uuid.UUID | None = None
    role: Role | None = None
    session_id: uuid.UUID | None = None


async def revoke_sessions(
    session: AsyncSession, user_id: uuid.UUID, *, keep: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """End every live session of `user_id` but `keep`, in the caller's transaction; their ids."""
    query = update(RefreshSession).where(
        RefreshSession.user_id == user_id, RefreshSession.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(RefreshSession.sid != keep)
    result = await session.execute(query.values(revoked_at=now()).returning(RefreshSession.sid))
    return list(result.scalars())


class Sessions:
    def __init__(
        self,
        *,
        db: Database,
        signer: Signer,
        throttle: LoginThrottle,
        passwords: Passwords,
        accounts: Accounts,
        revocations: RevocationList,
    ) -> None:
        self.db = db
        self.signer = signer
        self.throttle = throttle
        self.passwords = passwords
        self.accounts = accounts
        self.revocations = revocations
        # a revocation outlives every access token it revokes (verifiers' leeway included),
        # a user's revocation epoch every token of a session (common/revocation.py)
        self.revocation_ttl = signer.settings.access_token_ttl_seconds + 60
        self.epoch_ttl = signer.settings.refresh_token_ttl_seconds + 60

    # ---- revocation: the database ends sessions, the revocation list their access tokens now;
    # the list is written before the caller's transaction commits: a Redis that fails aborts it

    async def end_sessions(
        self, session: AsyncSession, user_id: uuid.UUID, *, keep: uuid.UUID | None = None
    ) -> int:
        """End every session of `user_id` but `keep`, and revoke their access tokens."""
        ended = await revoke_sessions(session, user_id, keep=keep)
        if keep is None:
            await self.revocations.revoke_user(user_id, ttl=self.revocation_ttl)
        else:
            await self.revocations.revoke_sessions(user_id, ended, ttl=self.revocation_ttl)
        return len(ended)

    async def revoke_access(self, user_id: uuid.UUID) -> None:
        """Revoke the user's access tokens, keeping the sessions: the next refresh mints tokens
        with what the account is now (a role change)."""
        await self.revocations.revoke_user(user_id, ttl=self.revocation_ttl)

    async def _revoke_session_tokens(self, user_id: uuid.UUID, sid: uuid.UUID) -> None:
        await self.revocations.revoke_sessions(user_id, [sid], ttl=self.revocation_ttl)

    async def require_live(self, viewer: Viewer) -> Account:
        """The viewer's account, if its session is live and the account CONFIRMED."""
        _, account = await self.live_session(viewer)
        return account

    async def live_session(self, viewer: Viewer) -> tuple[RefreshSession, Account]:
        """The viewer's session and account, if the session is live and the account
        CONFIRMED; UNAUTHENTICATED otherwise."""
        try:
            sid = uuid.UUID(viewer.session_id)
        except ValueError as exc:
            raise Unauthenticated("Your session has ended; log in again") from exc
        async with self.db.session() as session:
            row = (
                await session.execute(
                    select(RefreshSession, Account)
                    .join(Account, Account.id == RefreshSession.user_id)
                    .where(RefreshSession.sid == sid, RefreshSession.user_id == viewer.user_id)
                )
            ).one_or_none()
        if row is None:
            raise Unauthenticated("Your session has ended; log in again")
        refresh_session, account = row
        if refresh_session.revoked_at is not None or account.state != AccountState.CONFIRMED:
            raise Unauthenticated("Your session has ended; log in again")
        return refresh_session, account

    async def list_sessions(self, viewer: Viewer) -> list[RefreshSession]:
        await self.require_live(viewer)
        async with self.db.session() as session:
            rows = await session.execute(
                select(RefreshSession)
                .where(
                    RefreshSession.user_id == viewer.user_id,
                    RefreshSession.revoked_at.is_(None),
                    RefreshSession.expires_at > now(),
                )
                .order_by(RefreshSession.last_used_at.desc())
            )
            return list(rows.scalars())

    def _pair(
        self, account: Account, sid: uuid.UUID, logged_in_at: dt.datetime
    ) -> tuple[IssuedToken, IssuedToken]:
        """`logged_in_at`: the session's password login (its `created_at`), the tokens'
        `auth_time`: a refresh keeps it."""
        role = self.accounts.effective_role(account)
        auth_time = int(logged_in_at.timestamp())
        return (
            self.signer.access_token(
                user_id=account.id, role=role, session_id=sid, auth_time=auth_time
            ),
            self.signer.refresh_token(
                user_id=account.id, role=role, session_id=sid, auth_time=auth_time
            ),
        )

    async def login(self, *, email: str, password: str, client: ClientInfo) -> Tokens:
        email = normalize_email(email)
        check_password_length(password)
        await self.throttle.check(email=email, address=client.address)
        async with self.db.session() as session:
            account = await account_by_email(session, email)
        if account is None:
            await self.passwords.verify_dummy(password)  # same cost as a real check
            ok = False
        else:
            ok = await self.passwords.verify(account.password_hash, password)
        if account is None or not ok or account.state == AccountState.DELETED:
            await self.throttle.failed(email=email, address=client.address)
            raise Unauthenticated("Wrong email or password")
        await self.throttle.succeeded(email=email)
        if account.state == AccountState.NEW:
            raise Forbidden(
                "Confirm your email address first: follow the link we sent "
                "(or ask for a new one with resendConfirmation)"
            )
        if account.state == AccountState.BLOCKED:
            raise Forbidden("This account is blocked")
        sid, logged_in_at = new_id(), now()
        await self.revocations.ensure_epoch(account.id, ttl=self.epoch_ttl)
        async with self.db.transaction() as session:
            # the role as committed now, waiting for a role change in flight (which revoked
            # tokens minted before it: this one is minted after)
            current = await session.get(
                Account, account.id, with_for_update={"read": True}, populate_existing=True
            )
            if current is None or current.state != AccountState.CONFIRMED:
                raise Unauthenticated("Wrong email or password")
            account = current
            access, refresh = self._pair(account, sid, logged_in_at)
            if self.passwords.needs_rehash(account.password_hash):
                await session.execute(
                    update(Account)
                    .where(Account.id == account.id)
                    .values(password_hash=await self.passwords.hash(password))
                )
            session.add(
                RefreshSession(
                    sid=sid,
                    user_id=account.id,
                    refresh_jti=refresh.jti,
                    created_at=logged_in_at,
                    last_used_at=logged_in_at,
                    expires_at=dt.datetime.fromtimestamp(refresh.expires_at, dt.UTC),
                    user_agent=(client.user_agent or "")[:512] or None,
                    client_address=client.address[:64],
                )
            )
        return Tokens(access=access, refresh=refresh, account=account)

    async def refresh(self, *, refresh_token: str, client: ClientInfo) -> Tokens:
        """Rotate: the presented token must be the session's current one. A stale one means it
        leaked (or was replayed): the whole session is revoked."""
        try:
            claims = self.signer.decode_refresh(refresh_token)
        except TokenInvalid as exc:
            raise Unauthenticated(
                "Refresh token has expired" if exc.expired else "Invalid refresh token"
            ) from exc
        problem: str | None = None
        tokens: Tokens | None = None
        await self.revocations.ensure_epoch(claims.user_id, ttl=self.epoch_ttl)
        async with self.db.transaction() as session:
            row = await session.get(RefreshSession, claims.session_id, with_for_update=True)
            # shared lock: a role change in flight commits first, so the new tokens carry it
            account = await session.get(Account, claims.user_id, with_for_update={"read": True})
            at = now()
            if (
                row is None
                or account is None
                or row.user_id != claims.user_id
                or row.revoked_at is not None
                or row.expires_at <= at
            ):
                problem = "Your session has ended; log in again"
            elif row.refresh_jti != claims.jti:
                row.revoked_at = at
                await self._revoke_session_tokens(row.user_id, row.sid)
                problem = "This refresh token was already used; the session has been revoked"
                log.warning("refresh token reuse", user_id=str(claims.user_id), sid=str(row.sid))
            elif account.state != AccountState.CONFIRMED:
                row.revoked_at = at
                problem = "Your session has ended; log in again"
            else:
                access, refresh = self._pair(account, row.sid, row.created_at)
                row.refresh_jti = refresh.jti
                row.last_used_at = at
                row.expires_at = dt.datetime.fromtimestamp(refresh.expires_at, dt.UTC)
                if client.user_agent:
                    row.user_agent = client.user_agent[:512]
                row.client_address = client.address[:64]
                tokens = Tokens(access=access, refresh=refresh, account=account)
        if tokens is None:
            raise Unauthenticated(problem)
        return tokens

    async def logout(self, viewer: Viewer) -> None:
        account = await self.require_live(viewer)
        sid = uuid.UUID(viewer.session_id)
        async with self.db.transaction() as session:
            await session.execute(
                update(RefreshSession)
                .where(
                    RefreshSession.sid == sid,
                    RefreshSession.user_id == account.id,
                    RefreshSession.revoked_at.is_(None),
                )
                .values(revoked_at=now())
            )
            await self._revoke_session_tokens(account.id, sid)

    async def revoke_session(self, *, user_id: uuid.UUID, session_id: uuid.UUID) -> bool:
        """Revoke one live session of `user_id` (internal callers, e.g. the sessions service);
        False when it is not theirs, unknown, or already revoked."""
        async with self.db.transaction() as session:
            result = await session.execute(
                update(RefreshSession)
                .where(
                    RefreshSession.sid == session_id,
                    RefreshSession.user_id == user_id,
                    RefreshSession.revoked_at.is_(None),
                )
                .values(revoked_at=now())
            )
            revoked = bool(result.rowcount)  # type: ignore[attr-defined]
            if revoked:
                await self._revoke_session_tokens(user_id, session_id)
        log.info("session revoked", user_id=str(user_id), sid=str(session_id), revoked=revoked)
        return revoked

    async def logout_everywhere(self, viewer: Viewer) -> int:
        account = await self.require_live(viewer)
        async with self.db.transaction() as session:
            return await self.end_sessions(session, account.id)

    async def verify_access_token(self, token: str) -> TokenCheck:
        """Signature, claims, and the live state: session not revoked, account CONFIRMED."""
        try:
            claims = self.signer.decode(token, typ=ACCESS)
            user_id = uuid.UUID(str(claims["sub"]))
            sid = uuid.UUID(str(claims["sid"]))
        except TokenInvalid as exc:
            return TokenCheck(valid=False, expired=exc.expired)
        except (KeyError, ValueError):
            return TokenCheck(valid=False)
        async with self.db.session() as session:
            row = (
                await session.execute(
                    select(RefreshSession, Account)
                    .join(Account, Account.id == RefreshSession.user_id)
                    .where(RefreshSession.sid == sid, RefreshSession.user_id == user_id)
                )
            ).one_or_none()
        if row is None:
            return TokenCheck(valid=False)
        refresh_session, account = row
        if refresh_session.revoked_at is not None or account.state != AccountState.CONFIRMED:
            return TokenCheck(valid=False)
        return TokenCheck(
            valid=True,
            user_id=user_id,
            role=self.accounts.effective_role(account),
            session_id=sid,
        )

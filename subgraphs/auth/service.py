"""The domain logic of auth: accounts, credentials, sessions, one-time links, roles.

Called by schema.py (GraphQL), grpc.py and the create-owner command. Every verb raises
common.errors.*; nothing here knows about GraphQL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role, Viewer
from common.db import Database
from common.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    NotFound,
    Unauthenticated,
)
from common.grpc import app_error_from_rpc
from common.ids import new_id
from common.logging import get_logger
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.auth import events
from subgraphs.auth.keys import ACCESS, IssuedToken, Signer, TokenInvalid
from subgraphs.auth.models import Account, AccountState, OneTimeToken, RefreshSession, TokenPurpose
from subgraphs.auth.settings import Settings
from subgraphs.auth.throttle import EmailQuota, LoginThrottle

log = get_logger(__name__)

MAX_EMAIL = 254
MIN_PASSWORD = 10
MAX_PASSWORD = 128
MAX_LOGIN = 64
MAX_LINK_TOKEN = 200
COMMON_PASSWORDS = frozenset(
    [
        "1234567890",
        "12345678910",
        "0123456789",
        "0987654321",
        "1111111111",
        "1234512345",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "password12",
        "password123",
        "password1234",
        "passw0rd12",
        "iloveyou12",
        "abcdefghij",
        "abc1234567",
        "letmein123",
        "welcome123",
        "administrator",
        "admin12345",
        "trustno1234",
        "changeme12",
        "football12",
        "baseball12",
        "princess12",
        "sunshine12",
        "superman12",
        "starwars12",
        "dragon1234",
        "monkey1234",
        "zaq12wsxcv",
        "asdfghjkl1",
        "zxcvbnm123",
        "1234qwerty",
        "qwerty123456",
        "aaaaaaaaaa",
        "123123123123",
        "passwordpassword",
    ]
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---- input rules -------------------------------------------------------------------------


def normalize_email(value: str, *, field: str = "email") -> str:
    value = value.strip()
    if not value:
        raise BadUserInput("Email is required", field=field)
    if len(value) > MAX_EMAIL:
        raise BadUserInput(f"Email must be at most {MAX_EMAIL} characters", field=field)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise BadUserInput(f"Email is not valid: {exc}", field=field) from exc


def check_password_length(password: str, *, field: str = "password") -> None:
    if len(password) > MAX_PASSWORD:
        raise BadUserInput(f"Password must be at most {MAX_PASSWORD} characters", field=field)


def check_new_password(password: str, *, email: str, field: str = "password") -> None:
    check_password_length(password, field=field)
    if len(password) < MIN_PASSWORD:
        raise BadUserInput(f"Password must be at least {MIN_PASSWORD} characters", field=field)
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        raise BadUserInput("Password is too common or too simple", field=field)
    local = email.partition("@")[0].lower()
    if len(local) >= 3 and local in lowered:
        raise BadUserInput("Password must not contain your email address", field=field)


def check_login(login: str) -> str:
    login = login.strip()
    if not login:
        raise BadUserInput("Login is required", field="login")
    if len(login) > MAX_LOGIN:
        raise BadUserInput(f"Login must be at most {MAX_LOGIN} characters", field="login")
    return login


def parse_user_id(value: str, *, field: str = "userId") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid id", field=field) from exc


def parse_allow_list(entries: Iterable[str]) -> dict[str, Role]:
    """`email[:ROLE]` entries (ROLE defaults to WRITER) -> {lower-cased email: role}."""
    result: dict[str, Role] = {}
    for raw in entries:
        entry = raw.split("#", 1)[0].strip()
        if not entry:
            continue
        email, _, role = entry.partition(":")
        try:
            result[email.strip().lower()] = Role(role.strip().upper() or Role.WRITER.value)
        except ValueError as exc:
            raise ValueError(f"allow list entry {entry!r}: unknown role {role!r}") from exc
    return result


def load_allow_list(settings: Settings) -> dict[str, Role]:
    entries = settings.allow_list.replace("\n", ",").split(",")
    if settings.allow_list_file:
        entries += Path(settings.allow_list_file).read_text().splitlines()
    return parse_allow_list(entries)


def _hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- results -----------------------------------------------------------------------------


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


class AuthService:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        throttle: LoginThrottle,
        email_quota: EmailQuota,
        signer: Signer,
        profiles: profiles_pb2_grpc.ProfilesServiceStub,
        allow_list: Mapping[str, Role],
    ) -> None:
        self.settings = settings
        self.db = db
        self.throttle = throttle
        self.email_quota = email_quota
        self.signer = signer
        self.profiles = profiles
        self.allow_list = dict(allow_list)
        self.hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost_kib,
            parallelism=settings.argon2_parallelism,
            type=Type.ID,
        )
        self._dummy_hash = self.hasher.hash(secrets.token_hex(16))

    # ---- helpers ---------------------------------------------------------------------------

    def effective_role(self, account: Account) -> Role:
        role = Role(account.role)
        if (
            self.settings.open_publishing
            and account.state == AccountState.CONFIRMED
            and not role.at_least(Role.WRITER)
        ):
            return Role.WRITER
        return role

    async def _hash(self, password: str) -> str:
        return await asyncio.to_thread(self.hasher.hash, password)

    async def _verify(self, password_hash: str, password: str) -> bool:
        def verify() -> bool:
            try:
                return self.hasher.verify(password_hash, password)
            except (VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(verify)

    @staticmethod
    async def _account_by_email(
        session: AsyncSession, email: str, *, lock: bool = False
    ) -> Account | None:
        query = select(Account).where(func.lower(Account.email) == email.lower())
        if lock:
            query = query.with_for_update()
        return (await session.execute(query)).scalar_one_or_none()

    def _link(self, purpose: TokenPurpose, token: str) -> str:
        path = "signup" if purpose is TokenPurpose.CONFIRM else "restorepwd"
        return f"{self.settings.public_base_url.rstrip('/')}/{path}/{token}"

    async def _issue_link(
        self, session: AsyncSession, account: Account, purpose: TokenPurpose
    ) -> tuple[str, str, str]:
        """A one-time token + its EmailRequested event; returns (to, subject, link) to log."""
        token = secrets.token_urlsafe(32)
        now = _now()
        session.add(
            OneTimeToken(
                id=new_id(),
                user_id=account.id,
                purpose=purpose.value,
                token_hash=_hash_link_token(token),
                created_at=now,
                expires_at=now + dt.timedelta(seconds=self.settings.one_time_token_ttl_seconds),
            )
        )
        template = (
            events.CONFIRM_TEMPLATE if purpose is TokenPurpose.CONFIRM else events.RESET_TEMPLATE
        )
        link = self._link(purpose, token)
        subject = await events.email_requested(
            session, user_id=account.id, to=account.email, template=template, link=link, token=token
        )
        return account.email, subject, link

    @staticmethod
    def _log_email(sent: tuple[str, str, str] | None) -> None:
        if sent is not None:
            to, subject, link = sent
            log.info("email requested", to=to, subject=subject, link=link)

    async def _consume_link(
        self, session: AsyncSession, token: str, purpose: TokenPurpose
    ) -> Account:
        """The account of a live one-time token (locked); marks every open token of that
        purpose used. The caller's transaction decides whether that sticks."""
        if not token or len(token) > MAX_LINK_TOKEN:
            raise BadUserInput("This link is invalid or has expired", field="token")
        row = (
            await session.execute(
                select(OneTimeToken)
                .where(
                    OneTimeToken.token_hash == _hash_link_token(token),
                    OneTimeToken.purpose == purpose.value,
                )
                .with_for_update()
            )
        ).scalar_one_or_none()
        now = _now()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise BadUserInput("This link is invalid or has expired", field="token")
        account = await session.get(Account, row.user_id, with_for_update=True)
        if account is None or account.state in (AccountState.BLOCKED, AccountState.DELETED):
            raise Forbidden("This account is blocked")
        await session.execute(
            update(OneTimeToken)
            .where(
                OneTimeToken.user_id == account.id,
                OneTimeToken.purpose == purpose.value,
                OneTimeToken.used_at.is_(None),
            )
            .values(used_at=now)
        )
        return account

    @staticmethod
    async def _revoke_sessions(
        session: AsyncSession, user_id: uuid.UUID, *, keep: uuid.UUID | None = None
    ) -> int:
        query = update(RefreshSession).where(
            RefreshSession.user_id == user_id, RefreshSession.revoked_at.is_(None)
        )
        if keep is not None:
            query = query.where(RefreshSession.sid != keep)
        result = await session.execute(query.values(revoked_at=_now()))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _create_profile(self, user_id: uuid.UUID, login: str) -> None:
        request = profiles_pb2.CreateProfileRequest(user_id=str(user_id), login=login)
        try:
            await self.profiles.CreateProfile(request, timeout=self.settings.grpc_timeout_seconds)
        except grpc.aio.AioRpcError as exc:
            error = app_error_from_rpc(exc)
            if isinstance(error, BadUserInput | Conflict):
                raise type(error)(error.message, field="login") from exc
            log.error("profiles.CreateProfile failed", code=str(exc.code()), details=exc.details())
            raise error from exc

    async def _delete_profile(self, user_id: uuid.UUID) -> None:
        request = profiles_pb2.DeleteProfileRequest(user_id=str(user_id))
        try:
            await self.profiles.DeleteProfile(request, timeout=self.settings.grpc_timeout_seconds)
        except grpc.aio.AioRpcError as exc:
            log.error(
                "could not delete the profile of an account that was not created",
                user_id=str(user_id),
                code=str(exc.code()),
            )

    async def _create_account(
        self, *, email: str, password: str, login: str, role: Role, state: AccountState
    ) -> tuple[Account, tuple[str, str, str] | None]:
        """Profile first (through profiles gRPC), then the account; undo the profile when the
        account cannot be committed."""
        async with self.db.session() as session:
            if await self._account_by_email(session, email) is not None:
                raise Conflict("An account with this email already exists", field="email")
        password_hash = await self._hash(password)
        user_id = new_id()
        await self._create_profile(user_id, login)
        sent: tuple[str, str, str] | None = None
        try:
            async with self.db.transaction() as session:
                now = _now()
                account = Account(
                    id=user_id,
                    email=email,
                    password_hash=password_hash,
                    role=role.value,
                    state=state.value,
                    created_at=now,
                    updated_at=now,
                    confirmed_at=now if state is AccountState.CONFIRMED else None,
                )
                session.add(account)
                await session.flush()
                await events.user_registered(
                    session,
                    user_id=user_id,
                    email=email,
                    role=role.value,
                    state=state.value,
                    created_at=now,
                )
                if state is AccountState.NEW and await self.email_quota.take(email):
                    sent = await self._issue_link(session, account, TokenPurpose.CONFIRM)
        except IntegrityError as exc:
            await self._delete_profile(user_id)
            raise Conflict("An account with this email already exists", field="email") from exc
        except Exception:
            await self._delete_profile(user_id)
            raise
        return account, sent

    # ---- reads -----------------------------------------------------------------------------

    async def get_accounts(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Account]:
        if not ids:
            return {}
        async with self.db.session() as session:
            rows = (await session.execute(select(Account).where(Account.id.in_(ids)))).scalars()
            return {a.id: a for a in rows}

    async def get_account(self, *, user_id: uuid.UUID) -> Account:
        account = (await self.get_accounts([user_id])).get(user_id)
        if account is None:
            raise NotFound("No such user", userId=str(user_id))
        return account

    async def require_live(self, viewer: Viewer) -> Account:
        """The viewer's account, if its session is live and the account CONFIRMED."""
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
        return account  # type: ignore[no-any-return]

    async def list_sessions(self, viewer: Viewer) -> list[RefreshSession]:
        await self.require_live(viewer)
        async with self.db.session() as session:
            rows = await session.execute(
                select(RefreshSession)
                .where(
                    RefreshSession.user_id == viewer.user_id,
                    RefreshSession.revoked_at.is_(None),
                    RefreshSession.expires_at > _now(),
                )
                .order_by(RefreshSession.last_used_at.desc())
            )
            return list(rows.scalars())

    # ---- sign-up and email links -------------------------------------------------------------

    async def sign_up(self, *, email: str, password: str, login: str) -> Account:
        email = normalize_email(email)
        check_new_password(password, email=email)
        login = check_login(login)
        role = self.allow_list.get(email.lower(), Role.READER)
        account, sent = await self._create_account(
            email=email, password=password, login=login, role=role, state=AccountState.NEW
        )
        self._log_email(sent)
        return account

    async def confirm_email(self, *, token: str) -> Account:
        async with self.db.transaction() as session:
            account = await self._consume_link(session, token, TokenPurpose.CONFIRM)
            if account.state == AccountState.NEW:
                account.state = AccountState.CONFIRMED.value
                account.confirmed_at = _now()
                await events.user_event(session, events.USER_CONFIRMED, account.id)
        return account

    async def resend_confirmation(self, *, email: str) -> None:
        """Sends a new link to a NEW account; says nothing about whether the email exists."""
        await self._send_link(email, TokenPurpose.CONFIRM, (AccountState.NEW,))

    async def request_password_reset(self, *, email: str) -> None:
        """Sends a restore link to a NEW or CONFIRMED account; never reveals which exist."""
        await self._send_link(
            email, TokenPurpose.RESTORE, (AccountState.NEW, AccountState.CONFIRMED)
        )

    async def _send_link(
        self, email: str, purpose: TokenPurpose, states: tuple[AccountState, ...]
    ) -> None:
        """Issue a link when the account is in one of `states` and the mailbox's quota allows;
        the caller learns nothing either way (no account enumeration)."""
        email = normalize_email(email)
        sent = None
        async with self.db.transaction() as session:
            account = await self._account_by_email(session, email)
            if (
                account is not None
                and account.state in states
                and await self.email_quota.take(email)
            ):
                sent = await self._issue_link(session, account, purpose)
        self._log_email(sent)

    async def reset_password(self, *, token: str, new_password: str) -> Account:
        """Replaces the password and ends every session. The link proves the mailbox, so a NEW
        account becomes CONFIRMED."""
        check_password_length(new_password, field="newPassword")
        async with self.db.transaction() as session:
            account = await self._consume_link(session, token, TokenPurpose.RESTORE)
            check_new_password(new_password, email=account.email, field="newPassword")
            account.password_hash = await self._hash(new_password)
            account.password_changed_at = _now()
            if account.state == AccountState.NEW:
                account.state = AccountState.CONFIRMED.value
                account.confirmed_at = _now()
                await events.user_event(session, events.USER_CONFIRMED, account.id)
            await self._revoke_sessions(session, account.id)
        return account

    # ---- tokens ------------------------------------------------------------------------------

    def _pair(self, account: Account, sid: uuid.UUID) -> tuple[IssuedToken, IssuedToken]:
        role = self.effective_role(account)
        return (
            self.signer.access_token(user_id=account.id, role=role, session_id=sid),
            self.signer.refresh_token(user_id=account.id, role=role, session_id=sid),
        )

    async def login(self, *, email: str, password: str, client: ClientInfo) -> Tokens:
        email = normalize_email(email)
        check_password_length(password)
        await self.throttle.check(email=email, address=client.address)
        async with self.db.session() as session:
            account = await self._account_by_email(session, email)
        if account is None:
            await self._verify(self._dummy_hash, password)  # same cost as a real check
            ok = False
        else:
            ok = await self._verify(account.password_hash, password)
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
        sid = new_id()
        access, refresh = self._pair(account, sid)
        async with self.db.transaction() as session:
            if self.hasher.check_needs_rehash(account.password_hash):
                await session.execute(
                    update(Account)
                    .where(Account.id == account.id)
                    .values(password_hash=await self._hash(password))
                )
            now = _now()
            session.add(
                RefreshSession(
                    sid=sid,
                    user_id=account.id,
                    refresh_jti=refresh.jti,
                    created_at=now,
                    last_used_at=now,
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
        async with self.db.transaction() as session:
            row = await session.get(RefreshSession, claims.session_id, with_for_update=True)
            account = await session.get(Account, claims.user_id)
            now = _now()
            if (
                row is None
                or account is None
                or row.user_id != claims.user_id
                or row.revoked_at is not None
                or row.expires_at <= now
            ):
                problem = "Your session has ended; log in again"
            elif row.refresh_jti != claims.jti:
                row.revoked_at = now
                problem = "This refresh token was already used; the session has been revoked"
                log.warning("refresh token reuse", user_id=str(claims.user_id), sid=str(row.sid))
            elif account.state != AccountState.CONFIRMED:
                row.revoked_at = now
                problem = "Your session has ended; log in again"
            else:
                access, refresh = self._pair(account, row.sid)
                row.refresh_jti = refresh.jti
                row.last_used_at = now
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
        async with self.db.transaction() as session:
            await session.execute(
                update(RefreshSession)
                .where(
                    RefreshSession.sid == uuid.UUID(viewer.session_id),
                    RefreshSession.user_id == account.id,
                    RefreshSession.revoked_at.is_(None),
                )
                .values(revoked_at=_now())
            )

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
                .values(revoked_at=_now())
            )
        revoked = bool(result.rowcount)  # type: ignore[attr-defined]
        log.info("session revoked", user_id=str(user_id), sid=str(session_id), revoked=revoked)
        return revoked

    async def logout_everywhere(self, viewer: Viewer) -> int:
        account = await self.require_live(viewer)
        async with self.db.transaction() as session:
            return await self._revoke_sessions(session, account.id)

    async def change_password(
        self, viewer: Viewer, *, current_password: str, new_password: str
    ) -> None:
        """Keeps the caller's session, ends every other one."""
        account = await self.require_live(viewer)
        check_password_length(current_password, field="currentPassword")
        if not await self._verify(account.password_hash, current_password):
            raise BadUserInput("Current password is wrong", field="currentPassword")
        check_new_password(new_password, email=account.email, field="newPassword")
        new_hash = await self._hash(new_password)
        async with self.db.transaction() as session:
            await session.execute(
                update(Account)
                .where(Account.id == account.id)
                .values(password_hash=new_hash, password_changed_at=_now(), updated_at=_now())
            )
            await self._revoke_sessions(session, account.id, keep=uuid.UUID(viewer.session_id))

    async def delete_account(self, viewer: Viewer, *, password: str) -> Account:
        """The viewer deletes their own account (state DELETED, every session ended) after
        proving the password again: an access token alone (a stolen one, a shared screen) must
        not be enough to destroy an account. The last OWNER cannot leave (nobody could
        administer the platform afterwards)."""
        account = await self.require_live(viewer)
        check_password_length(password)
        if not await self._verify(account.password_hash, password):
            raise BadUserInput("Password is wrong", field="password")
        async with self.db.transaction() as session:
            locked = await session.get(Account, account.id, with_for_update=True)
            if locked is None or locked.state != AccountState.CONFIRMED:
                raise Unauthenticated("Your session has ended; log in again")
            if locked.role == Role.OWNER.value:
                owners = (
                    await session.execute(
                        select(Account.id)
                        .where(
                            Account.role == Role.OWNER.value,
                            Account.state == AccountState.CONFIRMED.value,
                        )
                        .with_for_update()
                    )
                ).all()
                if len(owners) <= 1:
                    raise Forbidden(
                        "The last OWNER cannot delete their account: make another account "
                        "OWNER first"
                    )
            previous, locked.state = locked.state, AccountState.DELETED.value
            await events.user_event(
                session,
                events.USER_STATE_CHANGED,
                locked.id,
                state=AccountState.DELETED.value,
                previous_state=previous,
                changed_by=str(locked.id),
            )
            await self._revoke_sessions(session, locked.id)
        log.info("account deleted by its owner", user_id=str(locked.id))
        return locked

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
            valid=True, user_id=user_id, role=self.effective_role(account), session_id=sid
        )

    # ---- administration ----------------------------------------------------------------------

    async def _require_owner(self, viewer: Viewer, target: uuid.UUID, what: str) -> Account:
        actor = await self.require_live(viewer)
        if self.effective_role(actor) is not Role.OWNER:
            raise Forbidden(f"Only an OWNER can change {what}")
        if target == actor.id:
            raise Forbidden(f"You cannot change your own {what}")
        return actor

    async def set_role(self, viewer: Viewer, *, user_id: uuid.UUID, role: Role) -> Account:
        actor = await self._require_owner(viewer, user_id, "role")
        async with self.db.transaction() as session:
            account = await session.get(Account, user_id, with_for_update=True)
            if account is None:
                raise NotFound("No such user", field="userId")
            previous = account.role
            if previous != role.value:
                account.role = role.value
                await events.user_event(
                    session,
                    events.USER_ROLE_CHANGED,
                    account.id,
                    role=role.value,
                    previous_role=previous,
                    changed_by=str(actor.id),
                )
        return account

    async def set_state(
        self, viewer: Viewer, *, user_id: uuid.UUID, state: AccountState
    ) -> Account:
        actor = await self._require_owner(viewer, user_id, "state")
        if state is AccountState.NEW:
            raise BadUserInput("An account cannot be set back to NEW", field="state")
        async with self.db.transaction() as session:
            account = await session.get(Account, user_id, with_for_update=True)
            if account is None:
                raise NotFound("No such user", field="userId")
            previous = account.state
            if previous != state.value:
                account.state = state.value
                if state is AccountState.CONFIRMED and account.confirmed_at is None:
                    account.confirmed_at = _now()
                await events.user_event(
                    session,
                    events.USER_STATE_CHANGED,
                    account.id,
                    state=state.value,
                    previous_state=previous,
                    changed_by=str(actor.id),
                )
            if state in (AccountState.BLOCKED, AccountState.DELETED):
                await self._revoke_sessions(session, account.id)
        return account

    async def set_email(self, viewer: Viewer, *, user_id: uuid.UUID, email: str) -> Account:
        """OWNER only (upstream: email changes are OWNER-only), their own included. The address
        is validated and must not belong to another account; no confirmation is asked of the
        new address (the OWNER vouches for it). Sessions stay: the person is the same."""
        actor = await self.require_live(viewer)
        if self.effective_role(actor) is not Role.OWNER:
            raise Forbidden("Only an OWNER can change email addresses")
        email = normalize_email(email)
        try:
            async with self.db.transaction() as session:
                account = await session.get(Account, user_id, with_for_update=True)
                if account is None:
                    raise NotFound("No such user", field="userId")
                holder = await self._account_by_email(session, email)
                if holder is not None and holder.id != account.id:
                    raise Conflict("An account with this email already exists", field="email")
                previous = account.email
                if previous != email:
                    account.email = email
                    await session.flush()
                    await events.user_event(
                        session,
                        events.USER_EMAIL_CHANGED,
                        account.id,
                        email=email,
                        previous_email=previous,
                        changed_by=str(actor.id),
                    )
        except IntegrityError as exc:  # a concurrent sign-up or change took the address
            raise Conflict("An account with this email already exists", field="email") from exc
        return account

    async def create_owner(self, *, email: str, password: str, login: str) -> Account:
        """A CONFIRMED OWNER for a fresh deployment. Idempotent: an existing account with this
        email is made OWNER and CONFIRMED (its password and profile are left alone)."""
        email = normalize_email(email)
        check_new_password(password, email=email)
        login = check_login(login)
        async with self.db.transaction() as session:
            account = await self._account_by_email(session, email, lock=True)
            if account is not None:
                if account.role != Role.OWNER.value:
                    previous_role, account.role = account.role, Role.OWNER.value
                    await events.user_event(
                        session,
                        events.USER_ROLE_CHANGED,
                        account.id,
                        role=Role.OWNER.value,
                        previous_role=previous_role,
                        changed_by=None,
                    )
                if account.state != AccountState.CONFIRMED:
                    previous_state, account.state = account.state, AccountState.CONFIRMED.value
                    account.confirmed_at = account.confirmed_at or _now()
                    await events.user_event(
                        session,
                        events.USER_STATE_CHANGED,
                        account.id,
                        state=AccountState.CONFIRMED.value,
                        previous_state=previous_state,
                        changed_by=None,
                    )
                return account
        account, _ = await self._create_account(
            email=email,
            password=password,
            login=login,
            role=Role.OWNER,
            state=AccountState.CONFIRMED,
        )
        return account

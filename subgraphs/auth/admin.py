"""Who may change an account's role, state and email (an OWNER, never on their own role or
state), and the account's own deletion. Each change is one event on auth.user.v1."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from common.auth import Role, Viewer
from common.db import Database
from common.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from common.logging import get_logger
from subgraphs.auth import events
from subgraphs.auth.accounts import Accounts, account_by_email
from subgraphs.auth.models import Account, AccountState, now
from subgraphs.auth.passwords import Passwords
from subgraphs.auth.sessions import Sessions
from subgraphs.auth.validation import check_password_length, normalize_email

log = get_logger(__name__)


class Admin:
    def __init__(
        self, *, db: Database, accounts: Accounts, sessions: Sessions, passwords: Passwords
    ) -> None:
        self.db = db
        self.accounts = accounts
        self.sessions = sessions
        self.passwords = passwords

    async def _require_owner(self, viewer: Viewer, target: uuid.UUID, what: str) -> Account:
        actor = await self.sessions.require_live(viewer)
        if self.accounts.effective_role(actor) is not Role.OWNER:
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
                # tokens carrying the old role stop now; a refresh carries the new one
                await self.sessions.revoke_access(account.id)
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
                    account.confirmed_at = now()
                await events.user_event(
                    session,
                    events.USER_STATE_CHANGED,
                    account.id,
                    state=state.value,
                    previous_state=previous,
                    changed_by=str(actor.id),
                )
            if state in (AccountState.BLOCKED, AccountState.DELETED):
                await self.sessions.end_sessions(session, account.id)
        return account

    async def set_email(self, viewer: Viewer, *, user_id: uuid.UUID, email: str) -> Account:
        """OWNER only (upstream: email changes are OWNER-only), their own included. The address
        is validated and must not belong to another account; no confirmation is asked of the
        new address (the OWNER vouches for it). Sessions stay: the person is the same."""
        actor = await self.sessions.require_live(viewer)
        if self.accounts.effective_role(actor) is not Role.OWNER:
            raise Forbidden("Only an OWNER can change email addresses")
        email = normalize_email(email)
        try:
            async with self.db.transaction() as session:
                account = await session.get(Account, user_id, with_for_update=True)
                if account is None:
                    raise NotFound("No such user", field="userId")
                holder = await account_by_email(session, email)
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

    async def delete_account(self, viewer: Viewer, *, password: str) -> Account:
        """The viewer deletes their own account (state DELETED, every session ended) after
        proving the password again: an access token alone (a stolen one, a shared screen) must
        not be enough to destroy an account. The last OWNER cannot leave (nobody could
        administer the platform afterwards)."""
        account = await self.sessions.require_live(viewer)
        check_password_length(password)
        if not await self.passwords.verify(account.password_hash, password):
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
            await self.sessions.end_sessions(session, locked.id)
        log.info("account deleted by its owner", user_id=str(locked.id))
        return locked

"""New accounts: sign-up (state NEW, a confirm link), the first OWNER of a deployment, and the
allow list that decides the role an address signs up with.

The profile is created first, through profiles gRPC, then the account; the profile is undone
when the account cannot be committed, so no account exists without its profile.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import grpc
from sqlalchemy.exc import IntegrityError

from common.auth import Role
from common.db import Database
from common.errors import BadUserInput, Conflict
from common.grpc import app_error_from_rpc
from common.ids import new_id
from common.logging import get_logger
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.auth import events
from subgraphs.auth.accounts import account_by_email
from subgraphs.auth.links import Links, Sent, log_email
from subgraphs.auth.models import Account, AccountState, TokenPurpose, now
from subgraphs.auth.passwords import Passwords
from subgraphs.auth.settings import Settings
from subgraphs.auth.throttle import EmailQuota
from subgraphs.auth.validation import check_login, check_new_password, normalize_email

log = get_logger(__name__)


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


class Registration:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        passwords: Passwords,
        links: Links,
        email_quota: EmailQuota,
        profiles: profiles_pb2_grpc.ProfilesServiceStub,
        allow_list: Mapping[str, Role],
    ) -> None:
        self.settings = settings
        self.db = db
        self.passwords = passwords
        self.links = links
        self.email_quota = email_quota
        self.profiles = profiles
        self.allow_list = dict(allow_list)

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
    ) -> tuple[Account, Sent | None]:
        """Profile first (through profiles gRPC), then the account; undo the profile when the
        account cannot be committed."""
        async with self.db.session() as session:
            if await account_by_email(session, email) is not None:
                raise Conflict("An account with this email already exists", field="email")
        password_hash = await self.passwords.hash(password)
        user_id = new_id()
        await self._create_profile(user_id, login)
        sent: Sent | None = None
        try:
            async with self.db.transaction() as session:
                at = now()
                account = Account(
                    id=user_id,
                    email=email,
                    password_hash=password_hash,
                    role=role.value,
                    state=state.value,
                    created_at=at,
                    updated_at=at,
                    confirmed_at=at if state is AccountState.CONFIRMED else None,
                )
                session.add(account)
                await session.flush()
                await events.user_registered(
                    session,
                    user_id=user_id,
                    email=email,
                    role=role.value,
                    state=state.value,
                    created_at=at,
                )
                if state is AccountState.NEW and await self.email_quota.take(email):
                    sent = await self.links.issue(session, account, TokenPurpose.CONFIRM)
        except IntegrityError as exc:
            await self._delete_profile(user_id)
            raise Conflict("An account with this email already exists", field="email") from exc
        except Exception:
            await self._delete_profile(user_id)
            raise
        return account, sent

    async def sign_up(self, *, email: str, password: str, login: str) -> Account:
        email = normalize_email(email)
        login = check_login(login)
        check_new_password(password, email=email, login=login)
        role = self.allow_list.get(email.lower(), Role.READER)
        account, sent = await self._create_account(
            email=email, password=password, login=login, role=role, state=AccountState.NEW
        )
        log_email(sent)
        return account

    async def create_owner(self, *, email: str, password: str, login: str) -> Account:
        """A CONFIRMED OWNER for a fresh deployment. Idempotent: an existing account with this
        email is made OWNER and CONFIRMED (its password and profile are left alone)."""
        email = normalize_email(email)
        login = check_login(login)
        check_new_password(password, email=email, login=login)
        async with self.db.transaction() as session:
            account = await account_by_email(session, email, lock=True)
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
                    account.confirmed_at = account.confirmed_at or now()
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

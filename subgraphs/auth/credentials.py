"""Changing a password: by the signed-in user (proving the current one) or through an emailed
restore link. Either way the other sessions end: whoever knew the old password is out."""

from __future__ import annotations

import uuid

import grpc
from sqlalchemy import update

from common.auth import Viewer
from common.db import Database
from common.errors import BadUserInput, Forbidden
from common.grpc import app_error_from_rpc
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.auth import events
from subgraphs.auth.links import Links
from subgraphs.auth.models import Account, AccountState, TokenPurpose, now
from subgraphs.auth.passwords import Passwords
from subgraphs.auth.sessions import Sessions
from subgraphs.auth.settings import Settings
from subgraphs.auth.validation import check_new_password, check_password_length


class Credentials:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        passwords: Passwords,
        sessions: Sessions,
        links: Links,
        profiles: profiles_pb2_grpc.ProfilesServiceStub,
    ) -> None:
        self.settings = settings
        self.db = db
        self.passwords = passwords
        self.sessions = sessions
        self.links = links
        self.profiles = profiles

    async def _login(self, user_id: uuid.UUID) -> str | None:
        """The account's login now (profiles owns it), for the password rules."""
        request = profiles_pb2.GetProfileRequest(user_id=str(user_id))
        try:
            profile = await self.profiles.GetProfile(
                request, timeout=self.settings.grpc_timeout_seconds
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise app_error_from_rpc(exc) from exc
        login: str = profile.login
        return login

    async def change_password(
        self, viewer: Viewer, *, current_password: str | None, new_password: str
    ) -> None:
        """Keeps the caller's session, ends every other one. Re-authentication: the current
        password, or (without it) a session whose password login (`auth_time`) is at most
        REAUTH_WINDOW_SECONDS old, as GitHub's "sudo mode"; else FORBIDDEN asking to log in
        again (`reason: REAUTHENTICATION_REQUIRED`)."""
        login, account = await self.sessions.live_session(viewer)
        if current_password is None:
            age = (now() - login.created_at).total_seconds()
            if age > self.settings.reauth_window_seconds:
                minutes = max(1, self.settings.reauth_window_seconds // 60)
                raise Forbidden(
                    "Changing the password needs a recent login: log in again (or give "
                    f"currentPassword); this session logged in more than {minutes} minutes ago",
                    reason="REAUTHENTICATION_REQUIRED",
                )
        else:
            check_password_length(current_password, field="currentPassword")
            if not await self.passwords.verify(account.password_hash, current_password):
                raise BadUserInput("Current password is wrong", field="currentPassword")
        check_new_password(
            new_password,
            email=account.email,
            login=await self._login(account.id),
            field="newPassword",
        )
        new_hash = await self.passwords.hash(new_password)
        async with self.db.transaction() as session:
            await session.execute(
                update(Account)
                .where(Account.id == account.id)
                .values(password_hash=new_hash, password_changed_at=now(), updated_at=now())
            )
            await self.sessions.end_sessions(session, account.id, keep=uuid.UUID(viewer.session_id))

    async def reset_password(self, *, token: str, new_password: str) -> Account:
        """Replaces the password and ends every session. The link proves the mailbox, so a NEW
        account becomes CONFIRMED."""
        check_password_length(new_password, field="newPassword")
        async with self.db.transaction() as session:
            account = await self.links.consume(session, token, TokenPurpose.RESTORE)
            check_new_password(
                new_password,
                email=account.email,
                login=await self._login(account.id),
                field="newPassword",
            )
            account.password_hash = await self.passwords.hash(new_password)
            account.password_changed_at = now()
            if account.state == AccountState.NEW:
                account.state = AccountState.CONFIRMED.value
                account.confirmed_at = now()
                await events.user_event(session, events.USER_CONFIRMED, account.id)
            await self.sessions.end_sessions(session, account.id)
        return account

"""The GraphQL face of auth: credentials, tokens, roles and states, and the fields auth adds
to the `User` entity that profiles owns."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry
from strawberry import federation
from strawberry.dataloader import DataLoader

from common.auth import Role
from common.graphql import RequestContext, make_schema
from subgraphs.auth.models import Account, AccountState, RefreshSession
from subgraphs.auth.service import AuthService
from subgraphs.auth.sessions import ClientInfo, Tokens
from subgraphs.auth.validation import parse_user_id


@dataclass(frozen=True)
class AuthState:
    """What resolvers reach through `info.context.state`."""

    service: AuthService


Info = strawberry.Info[RequestContext[AuthState], None]
F = TypeVar("F", bound=Callable[..., Any])


def field(description: str) -> Callable[[F], F]:
    """`strawberry.field(description=...)`, typed (strawberry types that overload as Any)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def mutation(description: str) -> Callable[[F], F]:
    return cast(Callable[[F], F], strawberry.mutation(description=description))


@strawberry.enum(name="UserRole", description="Roles, least to most privileged.")
class UserRole(Enum):
    READER = "READER"
    WRITER = "WRITER"
    MODERATOR = "MODERATOR"
    OWNER = "OWNER"


@strawberry.enum(name="UserState")
class UserState(Enum):
    NEW = "NEW"
    CONFIRMED = "CONFIRMED"
    BLOCKED = "BLOCKED"
    DELETED = "DELETED"


def _service(info: Info) -> AuthService:
    return info.context.state.service


def _accounts(info: Info) -> DataLoader[uuid.UUID, Account | None]:
    loader = info.context.loaders.get("auth.accounts")
    if loader is None:
        service = _service(info)

        async def load(ids: list[uuid.UUID]) -> list[Account | None]:
            found = await service.accounts.get_accounts(ids)
            return [found.get(i) for i in ids]

        loader = DataLoader(load_fn=load)
        info.context.loaders["auth.accounts"] = loader
    return loader


@federation.type(keys=["id"])
class User:
    id: strawberry.ID
    account: strawberry.Private[Account]
    email_visible: strawberry.Private[bool] = False

    @classmethod
    def of(cls, account: Account, *, email_visible: bool = False) -> User:
        return cls(id=strawberry.ID(str(account.id)), account=account, email_visible=email_visible)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> User | None:
        try:
            user_id = uuid.UUID(str(id))
        except ValueError:
            return None
        account = await _accounts(info).load(user_id)
        return None if account is None else cls.of(account)

    @field("Visible to the user themself and to an OWNER, else null.")
    def email(self, info: Info) -> str | None:
        viewer = info.context.viewer
        if self.email_visible or (
            viewer is not None and (viewer.user_id == self.account.id or viewer.role is Role.OWNER)
        ):
            return self.account.email
        return None

    @field("The effective role (open publishing lifts READER to WRITER).")
    def role(self, info: Info) -> UserRole:
        return UserRole(_service(info).accounts.effective_role(self.account).value)

    @strawberry.field
    def state(self) -> UserState:
        return UserState(self.account.state)


@strawberry.type
class SignUpPayload:
    user: User


@strawberry.type(description="A token pair; send the access token as `Authorization: Bearer`.")
class AuthTokens:
    access_token: str
    refresh_token: str
    access_token_expires_at: dt.datetime
    refresh_token_expires_at: dt.datetime
    user: User

    @classmethod
    def of(cls, tokens: Tokens) -> AuthTokens:
        return cls(
            access_token=tokens.access.token,
            refresh_token=tokens.refresh.token,
            access_token_expires_at=dt.datetime.fromtimestamp(tokens.access.expires_at, dt.UTC),
            refresh_token_expires_at=dt.datetime.fromtimestamp(tokens.refresh.expires_at, dt.UTC),
            user=User.of(tokens.account, email_visible=True),
        )


@strawberry.type(description="A live login of the viewer.")
class AuthSession:
    id: strawberry.ID
    created_at: dt.datetime
    last_used_at: dt.datetime
    expires_at: dt.datetime
    user_agent: str | None
    client_address: str | None
    current: bool

    @classmethod
    def of(cls, row: RefreshSession, *, current_sid: str) -> AuthSession:
        return cls(
            id=strawberry.ID(str(row.sid)),
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
            client_address=row.client_address,
            current=str(row.sid) == current_sid,
        )


def client_info(info: Info) -> ClientInfo:
    """The caller's address and user agent: the client the router saw when the request came
    from the router (common/gate.py makes its forwarded address `request.client`)."""
    request = info.context.request
    address = request.client.host if request.client else "unknown"
    return ClientInfo(address=address, user_agent=request.headers.get("user-agent"))


@strawberry.type
class Query:
    @field("The viewer's live sessions, most recently used first.")
    async def my_sessions(self, info: Info) -> list[AuthSession]:
        viewer = info.context.require_viewer()
        rows = await _service(info).sessions.list_sessions(viewer)
        return [AuthSession.of(r, current_sid=viewer.session_id) for r in rows]


@strawberry.type
class Mutation:
    @mutation("Creates an account (state NEW) and sends a confirm link.")
    async def sign_up(self, info: Info, email: str, password: str, login: str) -> SignUpPayload:
        account = await _service(info).registration.sign_up(
            email=email, password=password, login=login
        )
        return SignUpPayload(user=User.of(account, email_visible=True))

    @mutation("Confirms the email with the token of the emailed link.")
    async def confirm_email(self, info: Info, token: str) -> User:
        return User.of(await _service(info).links.confirm_email(token=token))

    @mutation("Sends a new confirm link; always true (no enumeration).")
    async def resend_confirmation(self, info: Info, email: str) -> bool:
        await _service(info).links.resend_confirmation(email=email)
        return True

    @strawberry.mutation
    async def login(self, info: Info, email: str, password: str) -> AuthTokens:
        tokens = await _service(info).sessions.login(
            email=email, password=password, client=client_info(info)
        )
        return AuthTokens.of(tokens)

    @mutation("Rotates the pair; a reused refresh token ends its session.")
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthTokens:
        tokens = await _service(info).sessions.refresh(
            refresh_token=refresh_token, client=client_info(info)
        )
        return AuthTokens.of(tokens)

    @mutation("Ends the session of the access token.")
    async def logout(self, info: Info) -> bool:
        await _service(info).sessions.logout(info.context.require_viewer())
        return True

    @mutation("Ends every session of the viewer; returns how many.")
    async def logout_everywhere(self, info: Info) -> int:
        return await _service(info).sessions.logout_everywhere(info.context.require_viewer())

    @mutation(
        "Keeps this session and ends the others. Without currentPassword only within "
        "REAUTH_WINDOW_SECONDS of the session's password login (auth_time), else FORBIDDEN "
        "with reason REAUTHENTICATION_REQUIRED: log in again."
    )
    async def change_password(
        self, info: Info, new_password: str, current_password: str | None = None
    ) -> bool:
        await _service(info).credentials.change_password(
            info.context.require_viewer(),
            current_password=current_password,
            new_password=new_password,
        )
        return True

    @mutation(
        "Deletes the viewer's own account (state DELETED) and ends every session; the password "
        "is asked again. The last OWNER cannot."
    )
    async def delete_account(self, info: Info, password: str) -> bool:
        await _service(info).admin.delete_account(info.context.require_viewer(), password=password)
        return True

    @mutation("Emails a restore link; always true (no enumeration).")
    async def request_password_reset(self, info: Info, email: str) -> bool:
        await _service(info).links.request_password_reset(email=email)
        return True

    @mutation("Sets a new password with the emailed token; ends sessions.")
    async def reset_password(self, info: Info, token: str, new_password: str) -> bool:
        await _service(info).credentials.reset_password(token=token, new_password=new_password)
        return True

    @mutation("OWNER only, not on themselves.")
    async def set_user_role(self, info: Info, user_id: strawberry.ID, role: UserRole) -> User:
        account = await _service(info).admin.set_role(
            info.context.require_viewer(), user_id=parse_user_id(user_id), role=Role(role.value)
        )
        return User.of(account)

    @mutation("OWNER only, not on themselves; BLOCKED/DELETED end sessions.")
    async def set_user_state(self, info: Info, user_id: strawberry.ID, state: UserState) -> User:
        account = await _service(info).admin.set_state(
            info.context.require_viewer(),
            user_id=parse_user_id(user_id),
            state=AccountState(state.value),
        )
        return User.of(account)

    @mutation("OWNER only (their own too): a valid address no other account uses.")
    async def set_user_email(self, info: Info, user_id: strawberry.ID, email: str) -> User:
        account = await _service(info).admin.set_email(
            info.context.require_viewer(), user_id=parse_user_id(user_id), email=email
        )
        return User.of(account)


schema = make_schema(query=Query, mutation=Mutation, types=[User])

"""Who a notification goes to: the recipient's email address (auth), and name, locale and
verified phone (profiles), read over gRPC when a delivery is sent (not when it is queued, so a
changed address or locale applies to what is still waiting, and an outage of auth or profiles
delays deliveries instead of blocking the Kafka partition).

A lookup that fails for a transient reason raises TransientFailure (the delivery is retried);
an account that does not exist or is BLOCKED/DELETED raises PermanentFailure.

Locale and verified phone come from profiles' `GetContact` RPC where profiles has it (the
phone/locale work adds it: Contact {locale, phone (verified E.164 or empty), display_name});
against a profiles without it, `GetProfile` gives the name, the locale is English and no SMS
is sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import grpc

from common.grpc import client_channel
from protos.indefinite.auth.v1 import auth_pb2, auth_pb2_grpc
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.notifications.channels.base import PermanentFailure, TransientFailure
from subgraphs.notifications.templates import DEFAULT_LOCALE

TRANSIENT_CODES = (
    grpc.StatusCode.UNAVAILABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED,
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    grpc.StatusCode.ABORTED,
    grpc.StatusCode.INTERNAL,
    grpc.StatusCode.UNKNOWN,
)
UNREACHABLE_STATES = ("BLOCKED", "DELETED")


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: uuid.UUID
    email: str | None
    name: str
    locale: str
    phone: str | None
    """E.164, only when verified."""


class Directory:
    """gRPC clients of auth and profiles, created on first use (in the serving loop)."""

    def __init__(self, auth_target: str, profiles_target: str, *, timeout: float = 5.0) -> None:
        self.auth_target = auth_target
        self.profiles_target = profiles_target
        self.timeout = timeout
        self._channels: list[grpc.aio.Channel] = []
        self._auth: Any = None
        self._profiles: Any = None

    def _stubs(self) -> tuple[Any, Any]:
        if self._auth is None:
            auth_channel = client_channel(self.auth_target, timeout=self.timeout)
            profiles_channel = client_channel(self.profiles_target, timeout=self.timeout)
            self._channels = [auth_channel, profiles_channel]
            self._auth = auth_pb2_grpc.AuthServiceStub(auth_channel)  # type: ignore[no-untyped-call]
            self._profiles = profiles_pb2_grpc.ProfilesServiceStub(profiles_channel)  # type: ignore[no-untyped-call]
        return self._auth, self._profiles

    async def account_email(self, user_id: uuid.UUID) -> str:
        auth, _ = self._stubs()
        try:
            user = await auth.GetUser(auth_pb2.GetUserRequest(user_id=str(user_id)))
        except grpc.aio.AioRpcError as exc:
            raise _failure("auth", exc) from exc
        if user.state in UNREACHABLE_STATES:
            raise PermanentFailure(f"account {user_id} is {user.state}")
        email: str = user.email
        return email

    async def profile(self, user_id: uuid.UUID) -> tuple[str, str, str | None]:
        """(display name, locale, verified phone); a missing profile reads as defaults."""
        _, profiles = self._stubs()
        contact_request = getattr(profiles_pb2, "GetContactRequest", None)
        try:
            if contact_request is not None:
                contact = await profiles.GetContact(contact_request(user_id=str(user_id)))
                locale = str(contact.locale or DEFAULT_LOCALE)
                return str(contact.display_name), locale, str(contact.phone) or None
            found = await profiles.GetProfile(profiles_pb2.GetProfileRequest(user_id=str(user_id)))
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return "", DEFAULT_LOCALE, None
            raise _failure("profiles", exc) from exc
        return found.display_name or found.login, DEFAULT_LOCALE, None

    async def display_names(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Display names (else logins) of many users in one call, for inbox titles read long
        after the notification was sent; users profiles does not know are left out."""
        _, profiles = self._stubs()
        try:
            found = await profiles.GetProfiles(
                profiles_pb2.GetProfilesRequest(user_ids=[str(u) for u in user_ids])
            )
        except grpc.aio.AioRpcError as exc:
            raise _failure("profiles", exc) from exc
        return {uuid.UUID(p.user_id): p.display_name or p.login for p in found.profiles}

    async def recipient(self, user_id: uuid.UUID, *, need_email: bool) -> Recipient:
        email = await self.account_email(user_id) if need_email else None
        name, locale, phone = await self.profile(user_id)
        return Recipient(user_id=user_id, email=email, name=name, locale=locale, phone=phone)

    async def close(self) -> None:
        channels, self._channels = self._channels, []
        self._auth = self._profiles = None
        for channel in channels:
            await channel.close(None)


def _failure(service: str, exc: grpc.aio.AioRpcError) -> Exception:
    if exc.code() in TRANSIENT_CODES:
        return TransientFailure(f"{service} unavailable: {exc.code().name}")
    if exc.code() == grpc.StatusCode.NOT_FOUND:
        return PermanentFailure(f"{service}: no such account")
    return PermanentFailure(f"{service}: {exc.code().name} {exc.details()}")

"""The internal gRPC face (protos/indefinite/profiles/v1/profiles.proto): auth creates a
profile at sign-up (and deletes it to compensate a failed sign-up); others read profiles;
notifications reads a user's contact (locale, verified phone).

AppErrors raised here become statuses in common.grpc's interceptor: BadUserInput ->
INVALID_ARGUMENT, Conflict -> ALREADY_EXISTS, NotFound -> NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from common.grpc import Register
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.profiles.models import Profile
from subgraphs.profiles.phones import effective_locale
from subgraphs.profiles.service import ProfileService, parse_user_id

Context = grpc.aio.ServicerContext[Any, Any]


def to_message(profile: Profile) -> profiles_pb2.Profile:
    created_at = Timestamp()
    created_at.FromDatetime(profile.created_at)
    return profiles_pb2.Profile(
        user_id=str(profile.user_id),
        login=profile.login,
        display_name=profile.display_name,
        bio=profile.bio or "",
        avatar_url=profile.avatar_url or "",
        created_at=created_at,
    )


class ProfilesServicer(profiles_pb2_grpc.ProfilesServiceServicer):
    def __init__(self, service: ProfileService) -> None:
        self.service = service

    async def CreateProfile(
        self, request: profiles_pb2.CreateProfileRequest, context: Context
    ) -> profiles_pb2.Profile:
        profile = await self.service.create(
            user_id=parse_user_id(request.user_id, field="user_id"),
            login=request.login,
            display_name=request.display_name or None,
        )
        return to_message(profile)

    async def GetProfile(
        self, request: profiles_pb2.GetProfileRequest, context: Context
    ) -> profiles_pb2.Profile:
        profile = await self.service.require(
            user_id=parse_user_id(request.user_id, field="user_id")
        )
        return to_message(profile)

    async def GetProfiles(
        self, request: profiles_pb2.GetProfilesRequest, context: Context
    ) -> profiles_pb2.GetProfilesResponse:
        """Found profiles in request order (duplicates once); missing ids are left out."""
        user_ids = [parse_user_id(u, field="user_ids") for u in request.user_ids]
        found = await self.service.get_many(user_ids=user_ids)
        ordered = [found[u] for u in dict.fromkeys(user_ids) if u in found]
        return profiles_pb2.GetProfilesResponse(profiles=[to_message(p) for p in ordered])

    async def DeleteProfile(
        self, request: profiles_pb2.DeleteProfileRequest, context: Context
    ) -> profiles_pb2.DeleteProfileResponse:
        """Idempotent: deleting a missing profile succeeds (a compensation may be retried)."""
        await self.service.delete(user_id=parse_user_id(request.user_id, field="user_id"))
        return profiles_pb2.DeleteProfileResponse()

    async def GetContact(
        self, request: profiles_pb2.GetContactRequest, context: Context
    ) -> profiles_pb2.Contact:
        """Locale (never empty) and the verified phone number only: an unverified one is not
        the user's contact yet."""
        user_id = parse_user_id(request.user_id, field="user_id")
        profile, phone = await self.service.phones.contact(user_id=user_id)
        return profiles_pb2.Contact(
            user_id=str(user_id),
            locale=effective_locale(profile).value,
            phone=phone or "",
            display_name=profile.display_name,
        )


def registration(service: ProfileService) -> Register:
    """The `ServiceApp.grpc` callback that adds this servicer to a server."""

    def add(server: grpc.aio.Server) -> None:
        profiles_pb2_grpc.add_ProfilesServiceServicer_to_server(  # type: ignore[no-untyped-call]
            ProfilesServicer(service), server
        )

    return add

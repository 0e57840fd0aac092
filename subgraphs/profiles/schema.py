"""The GraphQL face of profiles: owns the `User` entity (`@key(fields: "id")`).

Reads are public (a profile is public); `users` is for OWNERs; `updateProfile` edits the
viewer's own profile only; `setUserLogin` renames anyone (OWNER).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from common.auth import Role
from common.errors import BadUserInput
from common.graphql import RequestContext, described_field, make_schema
from common.pagination import Connection
from subgraphs.profiles.models import Profile
from subgraphs.profiles.service import UNCHANGED, ProfileService, Unchanged, parse_user_id

Info = strawberry.Info[RequestContext[ProfileService], None]
ProfileLoader = DataLoader[uuid.UUID, Profile | None]


def profile_loader(info: Info) -> ProfileLoader:
    """One loader per request, so entity lookups in one `_entities` call are one query."""
    loader = info.context.loaders.get("profiles")
    if loader is None:
        service = info.context.state

        async def load(user_ids: Sequence[uuid.UUID]) -> list[Profile | None]:
            found = await service.get_many(user_ids=user_ids)
            return [found.get(user_id) for user_id in user_ids]

        loader = info.context.loaders["profiles"] = ProfileLoader(load_fn=load)
    return loader


@strawberry.federation.type(
    keys=[Key(fields=FieldSet("id"), resolvable=False)], description="An image (owned by media)."
)
class Image:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"], description="A user's public profile.")
class User:
    id: strawberry.ID = strawberry.field(description="The account id (a UUID).")
    login: str = strawberry.field(description="Unique, case-insensitively.")
    display_name: str
    bio: str | None
    avatar_url: str | None
    created_at: dt.datetime
    avatar_image_id: strawberry.Private[uuid.UUID | None] = None

    @described_field("The avatar: an image uploaded through media.")
    def avatar(self) -> Image | None:
        return (
            None
            if self.avatar_image_id is None
            else Image(id=strawberry.ID(str(self.avatar_image_id)))
        )

    @classmethod
    def from_profile(cls, profile: Profile) -> User:
        return cls(
            id=strawberry.ID(str(profile.user_id)),
            login=profile.login,
            display_name=profile.display_name,
            bio=profile.bio,
            avatar_url=profile.avatar_url,
            created_at=profile.created_at,
            avatar_image_id=profile.avatar_image_id,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> User | None:
        try:
            user_id = uuid.UUID(str(id))
        except ValueError:
            return None  # not a UUID, so no such user
        profile = await profile_loader(info).load(user_id)
        return None if profile is None else cls.from_profile(profile)


@strawberry.input
class UsersFilter:
    login_prefix: str | None = strawberry.field(
        default=None, description="Logins starting with this, case-insensitively."
    )
    search: str | None = strawberry.field(
        default=None, description="A substring of the login or display name."
    )


@strawberry.input
class UpdateProfileInput:
    """Absent fields stay; a null or empty bio or avatarUrl clears it, a null avatarImageId
    removes the avatar (an image id must be the viewer's own READY AVATAR image)."""

    login: str | None = strawberry.UNSET
    display_name: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    avatar_image_id: strawberry.ID | None = strawberry.UNSET


def _given(value: str | None) -> str | Unchanged | None:
    return UNCHANGED if value is strawberry.UNSET else value


def _image_id(value: strawberry.ID | None) -> uuid.UUID | Unchanged | None:
    if value is strawberry.UNSET:
        return UNCHANGED
    if value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadUserInput("avatarImageId is not a valid image id", field="avatarImageId") from None


@strawberry.type
class Query:
    @strawberry.field
    async def me(self, info: Info) -> User | None:
        """The viewer's profile; null for anonymous viewers."""
        viewer = info.context.viewer
        if viewer is None:
            return None
        profile = await profile_loader(info).load(viewer.user_id)
        return None if profile is None else User.from_profile(profile)

    @strawberry.field
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        profile = await profile_loader(info).load(parse_user_id(id))
        return None if profile is None else User.from_profile(profile)

    @strawberry.field
    async def user_by_login(self, info: Info, login: str) -> User | None:
        """The user with this login, case-insensitively."""
        profile = await info.context.state.get_by_login(login=login)
        return None if profile is None else User.from_profile(profile)

    @strawberry.field
    async def users(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: UsersFilter | None = None,
    ) -> Connection[User]:
        """All profiles in sign-up order (OWNER only)."""
        info.context.require_viewer().require(Role.OWNER)
        page = await info.context.state.list(
            first=first,
            after=after,
            login_prefix=filter.login_prefix if filter else None,
            search=filter.search if filter else None,
        )
        return page.connection(User.from_profile)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> User:
        """Edit the viewer's own profile."""
        viewer = info.context.require_viewer()
        profile = await info.context.state.update(
            user_id=viewer.user_id,
            login=_given(input.login),
            display_name=_given(input.display_name),
            bio=_given(input.bio),
            avatar_url=_given(input.avatar_url),
            avatar_image_id=_image_id(input.avatar_image_id),
        )
        return User.from_profile(profile)

    @strawberry.mutation
    async def set_user_login(self, info: Info, user_id: strawberry.ID, login: str) -> User:
        """OWNER only: rename any user's login (upstream's user admin could)."""
        info.context.require_viewer().require(Role.OWNER)
        profile = await info.context.state.update(user_id=parse_user_id(user_id), login=login)
        return User.from_profile(profile)


schema = make_schema(query=Query, mutation=Mutation, types=[User, Image])

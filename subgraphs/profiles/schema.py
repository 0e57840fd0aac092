"""The GraphQL face of profiles: owns the `User` entity (`@key(fields: "id")`).

Reads are public (a profile is public) except `locale` and `phoneNumber`, which only the user
themself sees (null for anyone else); `users` is for OWNERs; `updateProfile` and the phone
mutations edit the viewer's own profile only; `setUserLogin` renames anyone (OWNER).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from enum import Enum

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from common.auth import Role
from common.errors import BadUserInput
from common.graphql import RequestContext, described_field, described_mutation, make_schema
from common.pagination import Connection
from subgraphs.profiles.models import PhoneNumber as PhoneNumberRow
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


@strawberry.enum(name="Locale", description="The language notifications are written in.")
class LocaleChoice(Enum):
    EN = "en"
    RU = "ru"


@strawberry.type(description="The viewer's own phone number (nobody else sees it).")
class PhoneNumber:
    number: str = strawberry.field(description="E.164, such as +14155550123.")
    verified: bool = strawberry.field(
        description="Whether the code sent to it came back; only a verified number gets SMS."
    )
    verified_at: dt.datetime | None
    code_expires_at: dt.datetime | None = strawberry.field(
        description="When the pending code expires; null when no code is pending."
    )
    attempts_left: int = strawberry.field(description="Wrong codes still allowed.")

    @classmethod
    def from_row(cls, row: PhoneNumberRow) -> PhoneNumber:
        return cls(
            number=row.number,
            verified=row.verified_at is not None,
            verified_at=row.verified_at,
            code_expires_at=row.code_expires_at,
            attempts_left=row.attempts_left if row.code_hash is not None else 0,
        )


def _is_viewer(info: Info, user_id: strawberry.ID) -> bool:
    viewer = info.context.viewer
    return viewer is not None and str(viewer.user_id) == str(user_id)


@strawberry.federation.type(keys=["id"], description="A user's public profile.")
class User:
    id: strawberry.ID = strawberry.field(description="The account id (a UUID).")
    login: str = strawberry.field(description="Unique, case-insensitively.")
    display_name: str
    bio: str | None
    avatar_url: str | None
    created_at: dt.datetime
    avatar_image_id: strawberry.Private[uuid.UUID | None] = None
    locale_value: strawberry.Private[str | None] = None

    @described_field("The user's language (null reads as English). Only the user themself sees it.")
    def locale(self, info: Info) -> LocaleChoice | None:
        if self.locale_value is None or not _is_viewer(info, self.id):
            return None
        return LocaleChoice(self.locale_value)

    @described_field("The user's phone number. Only the user themself sees it.")
    async def phone_number(self, info: Info) -> PhoneNumber | None:
        if not _is_viewer(info, self.id):
            return None
        row = await info.context.state.phones.get(user_id=uuid.UUID(str(self.id)))
        return None if row is None else PhoneNumber.from_row(row)

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
            locale_value=profile.locale,
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
    removes the avatar (an image id must be the viewer's own READY AVATAR image), a null
    locale means English."""

    login: str | None = strawberry.UNSET
    display_name: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    avatar_image_id: strawberry.ID | None = strawberry.UNSET
    locale: LocaleChoice | None = strawberry.UNSET


def _given(value: str | None) -> str | Unchanged | None:
    return UNCHANGED if value is strawberry.UNSET else value


def _locale(value: LocaleChoice | None) -> str | Unchanged | None:
    if value is strawberry.UNSET:
        return UNCHANGED
    return None if value is None else value.value


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
            locale=_locale(input.locale),
        )
        return User.from_profile(profile)

    @described_mutation(
        "Set the viewer's phone number (international form, such as +14155550123). It stays "
        "unverified, and gets no SMS, until verifyPhoneNumber returns the 6-digit code sent to "
        "it. Another code within a minute, or past the hourly cap (per user, and per number "
        "across users), is RATE_LIMITED with retryAfter; a number that cannot exist is "
        "BAD_USER_INPUT."
    )
    async def set_phone_number(self, info: Info, phone: str) -> User:
        viewer = info.context.require_viewer()
        service = info.context.state
        await service.phones.set(user_id=viewer.user_id, phone=phone)
        return User.from_profile(await service.require(user_id=viewer.user_id))

    @described_mutation(
        "Prove the viewer owns the number with the code sent to it by SMS. A wrong code is "
        "BAD_USER_INPUT with attemptsLeft; after the last attempt (RATE_LIMITED) or once it "
        "expires, ask for a new code with setPhoneNumber."
    )
    async def verify_phone_number(self, info: Info, code: str) -> User:
        viewer = info.context.require_viewer()
        service = info.context.state
        await service.phones.verify(user_id=viewer.user_id, code=code)
        return User.from_profile(await service.require(user_id=viewer.user_id))

    @described_mutation("Forget the viewer's phone number (idempotent).")
    async def remove_phone_number(self, info: Info) -> User:
        viewer = info.context.require_viewer()
        service = info.context.state
        await service.phones.remove(user_id=viewer.user_id)
        return User.from_profile(await service.require(user_id=viewer.user_id))

    @strawberry.mutation
    async def set_user_login(self, info: Info, user_id: strawberry.ID, login: str) -> User:
        """OWNER only: rename any user's login (upstream's user admin could)."""
        info.context.require_viewer().require(Role.OWNER)
        profile = await info.context.state.update(user_id=parse_user_id(user_id), login=login)
        return User.from_profile(profile)


schema = make_schema(query=Query, mutation=Mutation, types=[User, Image])

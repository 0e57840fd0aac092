"""Profiles: the domain logic behind the GraphQL face, the gRPC servicer and (later) consumers.

Every verb takes keyword arguments, validates its input and raises common.errors.* (which
reach GraphQL clients as `extensions.code` and gRPC callers as statuses). The `field` detail of
a BadUserInput/Conflict names the GraphQL input field at fault.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Sequence
from enum import Enum
from typing import Any, Final
from urllib.parse import urlsplit

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.profiles_phone import Locale
from common.db import Database
from common.errors import AppError, BadUserInput, Conflict, NotFound, Unavailable
from common.logging import get_logger
from common.media import MediaClient
from common.outbox import add_event
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from subgraphs.profiles import events
from subgraphs.profiles.models import (
    AVATAR_URL_MAX,
    BIO_MAX,
    DISPLAY_NAME_MAX,
    LOGIN_MAX,
    PhoneCodeSend,
    Profile,
    outbox,
)
from subgraphs.profiles.phones import PhoneService

LOGIN_MIN = 3
LOGIN_PATTERN: Final = re.compile(
    rf"[A-Za-z0-9][A-Za-z0-9_.-]{{{LOGIN_MIN - 1},{LOGIN_MAX - 1}}}", re.ASCII
)
SEARCH_MAX = 100
BATCH_MAX = 1000
log = get_logger(__name__)
LOGIN_INDEX = "profiles_login_lower_key"


class Unchanged(Enum):
    """An update argument that was not given (distinct from an explicit null)."""

    UNCHANGED = "UNCHANGED"


UNCHANGED: Final = Unchanged.UNCHANGED


# -- validation -------------------------------------------------------------------------------


def parse_user_id(value: str, *, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadUserInput(f"{field} is not a valid user id", field=field) from None


def validate_login(login: str | None) -> str:
    if login is None or not LOGIN_PATTERN.fullmatch(login):
        raise BadUserInput(
            f"A login is {LOGIN_MIN} to {LOGIN_MAX} letters, digits, '_', '.' or '-', "
            "starting with a letter or digit",
            field="login",
        )
    return login


def _has_control_characters(text: str, *, allow_newlines: bool = False) -> bool:
    allowed = {"\n", "\r", "\t"} if allow_newlines else set()
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def validate_display_name(display_name: str | None) -> str:
    name = (display_name or "").strip()
    if not name or len(name) > DISPLAY_NAME_MAX or _has_control_characters(name):
        raise BadUserInput(
            f"A display name is 1 to {DISPLAY_NAME_MAX} characters, without control characters",
            field="displayName",
        )
    return name


def validate_bio(bio: str | None) -> str | None:
    """An empty or null bio clears it."""
    if bio is None or not bio.strip():
        return None
    if len(bio) > BIO_MAX or _has_control_characters(bio, allow_newlines=True):
        raise BadUserInput(
            f"A bio is at most {BIO_MAX} characters, without control characters", field="bio"
        )
    return bio


def validate_avatar_url(avatar_url: str | None) -> str | None:
    """An empty or null avatar URL clears it."""
    if avatar_url is None or not avatar_url.strip():
        return None
    problem = BadUserInput(
        f"An avatar URL is an http(s) URL of at most {AVATAR_URL_MAX} characters",
        field="avatarUrl",
    )
    if len(avatar_url) > AVATAR_URL_MAX or any(c.isspace() for c in avatar_url):
        raise problem
    try:
        parts = urlsplit(avatar_url)
        host = parts.hostname
    except ValueError:
        raise problem from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise problem
    return avatar_url


def validate_locale(locale: str | None) -> str | None:
    """None clears it (English); otherwise one of common.contracts.profiles_phone.Locale."""
    if locale is None:
        return None
    try:
        return Locale(locale).value
    except ValueError:
        choices = ", ".join(v.value for v in Locale)
        raise BadUserInput(f"A locale is one of {choices}", field="locale") from None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- listing ----------------------------------------------------------------------------------


def profile_cursor(profile: Profile) -> str:
    return encode_cursor(profile.created_at.isoformat(), str(profile.user_id))


def _decode_profile_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    created_at, user_id = decode_cursor(cursor, 2)
    try:
        position = dt.datetime.fromisoformat(str(created_at)), uuid.UUID(str(user_id))
    except ValueError:
        raise BadUserInput("Invalid cursor", argument="after") from None
    if position[0].tzinfo is None:
        raise BadUserInput("Invalid cursor", argument="after")
    return position


# -- the service ------------------------------------------------------------------------------


class ProfileService:
    def __init__(
        self,
        db: Database,
        media: MediaClient | None = None,
        *,
        phones: PhoneService | None = None,
    ) -> None:
        self.db = db
        self.media = media
        self._phones = phones

    @property
    def phones(self) -> PhoneService:
        if self._phones is None:
            raise Unavailable("Phone numbers are not configured")
        return self._phones

    async def get(self, *, user_id: uuid.UUID) -> Profile | None:
        async with self.db.session() as session:
            return await session.get(Profile, user_id)

    async def require(self, *, user_id: uuid.UUID) -> Profile:
        profile = await self.get(user_id=user_id)
        if profile is None:
            raise NotFound("No such profile", id=str(user_id))
        return profile

    async def get_many(self, *, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Profile]:
        """The profiles that exist among `user_ids`, by id."""
        wanted = list(dict.fromkeys(user_ids))
        if len(wanted) > BATCH_MAX:
            raise BadUserInput(f"At most {BATCH_MAX} ids per batch", field="user_ids")
        if not wanted:
            return {}
        async with self.db.session() as session:
            rows = await session.scalars(select(Profile).where(Profile.user_id.in_(wanted)))
            return {p.user_id: p for p in rows}

    async def get_by_login(self, *, login: str) -> Profile | None:
        """Case-insensitive; a string that cannot be a login finds nothing."""
        if not LOGIN_PATTERN.fullmatch(login):
            return None
        async with self.db.session() as session:
            result = await session.scalars(
                select(Profile).where(func.lower(Profile.login) == login.lower())
            )
            return result.first()

    async def list(
        self,
        *,
        first: int | None = None,
        after: str | None = None,
        login_prefix: str | None = None,
        search: str | None = None,
    ) -> Page[Profile]:
        """Profiles in creation order (created_at, user_id), keyset-paged."""
        size = page_size(first)
        stmt: Select[tuple[Profile]] = select(Profile)
        if login_prefix:
            if len(login_prefix) > LOGIN_MAX:
                raise BadUserInput(
                    f"loginPrefix is at most {LOGIN_MAX} characters", field="loginPrefix"
                )
            pattern = _escape_like(login_prefix.lower()) + "%"
            stmt = stmt.where(func.lower(Profile.login).like(pattern, escape="\\"))
        if search and search.strip():
            term = search.strip()
            if len(term) > SEARCH_MAX:
                raise BadUserInput(f"search is at most {SEARCH_MAX} characters", field="search")
            pattern = "%" + _escape_like(term) + "%"
            stmt = stmt.where(
                or_(
                    Profile.login.ilike(pattern, escape="\\"),
                    Profile.display_name.ilike(pattern, escape="\\"),
                )
            )
        if after is not None:
            created_at, user_id = _decode_profile_cursor(after)
            stmt = stmt.where(
                or_(
                    Profile.created_at > created_at,
                    and_(Profile.created_at == created_at, Profile.user_id > user_id),
                )
            )
        stmt = stmt.order_by(Profile.created_at, Profile.user_id).limit(size + 1)
        async with self.db.session() as session:
            profiles = list(await session.scalars(stmt))
        return Page.from_rows([(profile_cursor(p), p) for p in profiles], size)

    async def create(
        self, *, user_id: uuid.UUID, login: str, display_name: str | None = None
    ) -> Profile:
        """The profile of a new account; the display name defaults to the login."""
        login = validate_login(login)
        name = validate_display_name(display_name) if display_name else login
        now = _now()
        profile = Profile(
            user_id=user_id,
            login=login,
            display_name=name,
            bio=None,
            avatar_url=None,
            created_at=now,
            updated_at=now,
        )
        try:
            async with self.db.transaction() as session:
                session.add(profile)
                await session.flush()
                await self._publish(session, events.PROFILE_CREATED, profile)
        except IntegrityError as exc:
            conflict = _conflict(exc)
            if conflict is None:
                raise
            raise conflict from None
        return profile

    async def update(
        self,
        *,
        user_id: uuid.UUID,
        login: str | Unchanged | None = UNCHANGED,
        display_name: str | Unchanged | None = UNCHANGED,
        bio: str | Unchanged | None = UNCHANGED,
        avatar_url: str | Unchanged | None = UNCHANGED,
        avatar_image_id: uuid.UUID | Unchanged | None = UNCHANGED,
        locale: str | Unchanged | None = UNCHANGED,
    ) -> Profile:
        """Change the given fields; a login or display-name change publishes ProfileUpdated.
        A new avatar image is claimed through media first (FORBIDDEN unless it is the user's
        own READY image); a cleared one is released after the change commits."""
        changes: dict[str, Any] = {}
        if isinstance(avatar_image_id, uuid.UUID):
            await self._media().use(
                avatar_image_id, user_id=user_id, slot="AVATAR", subject=f"user:{user_id}"
            )
        if avatar_image_id is not UNCHANGED:
            changes["avatar_image_id"] = avatar_image_id
        if login is not UNCHANGED:
            changes["login"] = validate_login(login)
        if display_name is not UNCHANGED:
            changes["display_name"] = validate_display_name(display_name)
        if bio is not UNCHANGED:
            changes["bio"] = validate_bio(bio)
        if avatar_url is not UNCHANGED:
            changes["avatar_url"] = validate_avatar_url(avatar_url)
        if locale is not UNCHANGED:
            changes["locale"] = validate_locale(locale)
        try:
            async with self.db.transaction() as session:
                profile = await session.get(Profile, user_id, with_for_update=True)
                if profile is None:
                    raise NotFound("No such profile", id=str(user_id))
                changed = {k: v for k, v in changes.items() if getattr(profile, k) != v}
                if not changed:
                    return profile
                for key, value in changed.items():
                    setattr(profile, key, value)
                profile.updated_at = _now()
                await session.flush()
                if changed.keys() & {"login", "display_name"}:
                    await self._publish(session, events.PROFILE_UPDATED, profile)
        except IntegrityError as exc:
            conflict = _conflict(exc)
            if conflict is None:
                raise
            raise conflict from None
        if avatar_image_id is None and "avatar_image_id" in changed:
            await self._release_avatar(user_id)
        return profile

    def _media(self) -> MediaClient:
        if self.media is None:
            raise Unavailable("Images are not configured")
        return self.media

    async def _release_avatar(self, user_id: uuid.UUID) -> None:
        """The old avatar may be collected (best effort: media keeps it attached otherwise)."""
        try:
            await self._media().release(subject=f"user:{user_id}", slot="AVATAR")
        except AppError as exc:
            log.warning("avatar not released", user_id=str(user_id), error=exc.message)

    async def delete(self, *, user_id: uuid.UUID) -> bool:
        """Remove a profile; False when there was none (deleting is idempotent)."""
        async with self.db.transaction() as session:
            profile = await session.get(Profile, user_id, with_for_update=True)
            if profile is None:
                return False
            await session.execute(delete(Profile).where(Profile.user_id == user_id))
            # The phone number goes by cascade; the record of codes sent goes here.
            await session.execute(delete(PhoneCodeSend).where(PhoneCodeSend.user_id == user_id))
            await add_event(
                session,
                outbox,
                topic=events.TOPIC,
                key=str(user_id),
                type=events.PROFILE_DELETED,
                payload=events.deleted_payload(profile),
            )
        return True

    @staticmethod
    async def _publish(session: AsyncSession, type: str, profile: Profile) -> None:
        await add_event(
            session,
            outbox,
            topic=events.TOPIC,
            key=str(profile.user_id),
            type=type,
            payload=events.profile_payload(profile),
        )


def _conflict(exc: IntegrityError) -> Conflict | None:
    """A unique violation as CONFLICT naming what is taken; None for any other violation."""
    cause = exc.orig.__cause__ if exc.orig is not None else None
    constraint = getattr(cause, "constraint_name", None) or ""
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(cause, "sqlstate", None)
    if sqlstate != "23505":
        return None
    if constraint == LOGIN_INDEX:
        return Conflict("This login is taken", field="login")
    return Conflict("A profile already exists for this user", field="userId")

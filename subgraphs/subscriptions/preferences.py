"""Notification preferences: per type, the channels and the email cadence. A user has the
defaults of their role until they change a type; only changed types are stored.

ACCOUNT_SECURITY is always on (at least EMAIL and IN_APP): it cannot be turned off, and it has
no unsubscribe token.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role
from common.contracts.subscriptions import Cadence, Channel, NotificationType
from common.db import Database
from common.errors import BadUserInput
from subgraphs.subscriptions.models import Preference, User, any_of

T = NotificationType
#: The types a user has preferences for (EMAIL is the upstream free-form email, not a choice).
TYPES: tuple[NotificationType, ...] = tuple(t for t in NotificationType if t != T.EMAIL)
ALWAYS_ON = frozenset({Channel.EMAIL, Channel.IN_APP})


@dataclass(frozen=True, slots=True)
class Choice:
    """What a user wants for one type."""

    type: NotificationType
    channels: frozenset[Channel]
    email_cadence: Cadence

    def delivered_on(self) -> list[Channel]:
        """The channels a request lists: EMAIL only while its cadence is not OFF."""
        return sorted(
            c for c in self.channels if c != Channel.EMAIL or self.email_cadence != Cadence.OFF
        )


def _choice(type: NotificationType, cadence: Cadence, *channels: Channel) -> Choice:
    return Choice(type, frozenset(channels), cadence)


_READER = {
    T.NEW_POST_BY_AUTHOR: _choice(
        T.NEW_POST_BY_AUTHOR, Cadence.IMMEDIATE, Channel.EMAIL, Channel.IN_APP
    ),
    T.NEW_POST_IN_TAG: _choice(T.NEW_POST_IN_TAG, Cadence.DAILY, Channel.EMAIL, Channel.IN_APP),
    T.REPLY_TO_COMMENT: _choice(
        T.REPLY_TO_COMMENT, Cadence.IMMEDIATE, Channel.EMAIL, Channel.IN_APP
    ),
    T.COMMENT_ON_POST: _choice(T.COMMENT_ON_POST, Cadence.DAILY, Channel.IN_APP),
    T.COMMENT_IN_THREAD: _choice(T.COMMENT_IN_THREAD, Cadence.DAILY, Channel.IN_APP),
    T.MODERATION: _choice(T.MODERATION, Cadence.IMMEDIATE, Channel.EMAIL, Channel.IN_APP),
    T.ACCOUNT_SECURITY: _choice(
        T.ACCOUNT_SECURITY, Cadence.IMMEDIATE, Channel.EMAIL, Channel.IN_APP
    ),
}
#: Writers and above hear of comments on their posts by email too, at once.
_WRITER = {
    **_READER,
    T.COMMENT_ON_POST: _choice(T.COMMENT_ON_POST, Cadence.IMMEDIATE, Channel.EMAIL, Channel.IN_APP),
}
DEFAULTS: dict[Role, dict[NotificationType, Choice]] = {
    Role.READER: _READER,
    Role.WRITER: _WRITER,
    Role.MODERATOR: _WRITER,
    Role.OWNER: _WRITER,
}


def role_of(value: str | None) -> Role:
    try:
        return Role(value) if value else Role.READER
    except ValueError:
        return Role.READER


def default(role: Role, type: NotificationType) -> Choice:
    return DEFAULTS[role][type]


def from_row(row: Preference) -> Choice:
    return Choice(
        NotificationType(row.type),
        frozenset(Channel(c) for c in row.channels),
        Cadence(row.email_cadence),
    )


def check(choice: Choice) -> Choice:
    """BAD_USER_INPUT for what cannot be chosen."""
    if choice.type == T.EMAIL:
        raise BadUserInput("EMAIL is not a notification type with preferences", field="type")
    if choice.type == T.ACCOUNT_SECURITY and not choice.channels >= ALWAYS_ON:
        raise BadUserInput(
            "Account security notifications are always sent by email and in-app", field="channels"
        )
    if choice.type == T.ACCOUNT_SECURITY and choice.email_cadence != Cadence.IMMEDIATE:
        raise BadUserInput("Account security email is always immediate", field="emailCadence")
    return choice


async def choices_for(
    session: AsyncSession, users: Sequence[uuid.UUID], types: Iterable[NotificationType]
) -> dict[tuple[uuid.UUID, NotificationType], Choice]:
    """Every (user, type) asked for, stored or default (two queries whatever the count)."""
    wanted = list(types)
    roles = dict(
        (
            await session.execute(
                select(User.user_id, User.role).where(User.user_id == any_of(users))
            )
        )
        .tuples()
        .all()
    )
    stored = (
        await session.execute(
            select(Preference).where(
                Preference.user_id == any_of(users), Preference.type.in_([t.value for t in wanted])
            )
        )
    ).scalars()
    found = {(row.user_id, NotificationType(row.type)): from_row(row) for row in stored}
    return {
        (user, type): found.get((user, type)) or default(role_of(roles.get(user)), type)
        for user in users
        for type in wanted
    }


class Preferences:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def of(self, user_id: uuid.UUID) -> list[Choice]:
        async with self.db.session() as session:
            found = await choices_for(session, [user_id], TYPES)
        return [found[(user_id, t)] for t in TYPES]

    async def update(self, user_id: uuid.UUID, changes: Sequence[Choice]) -> list[Choice]:
        """Store the given types' choices (the others keep theirs); all or nothing."""
        checked = [check(c) for c in changes]
        if len({c.type for c in checked}) != len(checked):
            raise BadUserInput("Each type may be given once", field="preferences")
        now = dt.datetime.now(dt.UTC)
        async with self.db.transaction() as session:
            for choice in checked:
                values = {
                    "channels": sorted(c.value for c in choice.channels),
                    "email_cadence": choice.email_cadence.value,
                    "updated_at": now,
                }
                await session.execute(
                    insert(Preference)
                    .values(user_id=user_id, type=choice.type.value, **values)
                    .on_conflict_do_update(index_elements=["user_id", "type"], set_=values)
                )
        return await self.of(user_id)

    async def turn_off(
        self, session: AsyncSession, user_id: uuid.UUID, type: NotificationType
    ) -> None:
        """One-click unsubscribe: no channel at all for `type` (in the caller's transaction)."""
        values = {
            "channels": [],
            "email_cadence": Cadence.OFF.value,
            "updated_at": dt.datetime.now(dt.UTC),
        }
        await session.execute(
            insert(Preference)
            .values(user_id=user_id, type=type.value, **values)
            .on_conflict_do_update(index_elements=["user_id", "type"], set_=values)
        )

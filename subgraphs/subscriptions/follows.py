"""Follows: a user follows authors, tags and post threads. Following is idempotent (a second
follow changes nothing), so is unfollowing. The targets must exist as far as this service has
heard (auth's and profiles' users, posts' tags and published posts): an unknown, deleted or
blocked target is NOT_FOUND, oneself BAD_USER_INPUT."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, delete, literal, or_, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import Database
from common.errors import BadUserInput, NotFound
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from subgraphs.subscriptions.models import Follow, Kind, Post, Tag, User

GONE_STATES = ("BLOCKED", "DELETED")
COUNTS = text(
    """
    SELECT u.id,
           (SELECT count(*) FROM follows f
             WHERE f.kind = 'AUTHOR' AND f.target_id = u.id::text),
           (SELECT count(*) FROM follows f WHERE f.follower_id = u.id)
      FROM unnest(CAST(:ids AS uuid[])) AS u(id)
    """
)
PUBLISHED = "PUBLISHED"


@dataclass(frozen=True, slots=True)
class Target:
    kind: Kind
    id: str


def parse_target(kind: Kind, raw: str) -> Target:
    """The canonical target id (a uuid for AUTHOR and POST, an integer for TAG)."""
    try:
        if kind == Kind.TAG:
            value = int(raw)
            if value < 1 or value > 2**63 - 1:
                raise ValueError(raw)
            return Target(kind, str(value))
        return Target(kind, str(uuid.UUID(raw)))
    except ValueError:
        raise NotFound(f"No such {kind.value.lower()}", id=raw) from None


async def target_exists(session: AsyncSession, target: Target) -> bool:
    if target.kind == Kind.AUTHOR:
        state = await session.scalar(select(User.state).where(User.user_id == uuid.UUID(target.id)))
        return state is not None and state not in GONE_STATES
    if target.kind == Kind.TAG:
        return await session.get(Tag, int(target.id)) is not None
    post = await session.get(Post, uuid.UUID(target.id))
    return post is not None and post.state == PUBLISHED


async def add_follow(session: AsyncSession, follower: uuid.UUID, target: Target) -> None:
    await session.execute(
        insert(Follow)
        .values(
            follower_id=follower,
            kind=target.kind.value,
            target_id=target.id,
            created_at=dt.datetime.now(dt.UTC),
        )
        .on_conflict_do_nothing()
    )


async def remove_user(session: AsyncSession, user_id: uuid.UUID) -> None:
    """A deleted or blocked account: its follows, and follows of it, go."""
    await session.execute(
        delete(Follow).where(
            or_(
                Follow.follower_id == user_id,
                and_(Follow.kind == Kind.AUTHOR.value, Follow.target_id == str(user_id)),
            )
        )
    )


async def remove_target(session: AsyncSession, target: Target) -> None:
    await session.execute(
        delete(Follow).where(Follow.kind == target.kind.value, Follow.target_id == target.id)
    )


class Follows:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def follow(self, follower: uuid.UUID, kind: Kind, raw_id: str) -> Target:
        target = parse_target(kind, raw_id)
        if kind == Kind.AUTHOR and target.id == str(follower):
            raise BadUserInput("You cannot follow yourself", field="id")
        async with self.db.transaction() as session:
            if not await target_exists(session, target):
                raise NotFound(f"No such {kind.value.lower()}", id=raw_id)
            await add_follow(session, follower, target)
        return target

    async def unfollow(self, follower: uuid.UUID, kind: Kind, raw_id: str) -> bool:
        """True when a follow was removed (False: there was none; still a success)."""
        try:
            target = parse_target(kind, raw_id)
        except NotFound:
            return False
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(Follow).where(
                    Follow.follower_id == follower,
                    Follow.kind == kind.value,
                    Follow.target_id == target.id,
                )
            )
        return bool(getattr(result, "rowcount", 0))

    async def mine(
        self, follower: uuid.UUID, kind: Kind | None, first: int | None, after: str | None
    ) -> Page[Follow]:
        """Newest first, keyset over (created_at, kind, target)."""
        size = page_size(first)
        query = select(Follow).where(Follow.follower_id == follower)
        if kind is not None:
            query = query.where(Follow.kind == kind.value)
        if after is not None:
            at, after_kind, after_target = decode_cursor(after, 3)
            try:
                position = dt.datetime.fromisoformat(str(at))
            except ValueError:
                raise BadUserInput("Invalid cursor", argument="after") from None
            query = query.where(
                tuple_(Follow.created_at, Follow.kind, Follow.target_id)
                < tuple_(literal(position), literal(str(after_kind)), literal(str(after_target)))
            )
        query = query.order_by(
            Follow.created_at.desc(), Follow.kind.desc(), Follow.target_id.desc()
        ).limit(size + 1)
        async with self.db.session() as session:
            rows = (await session.execute(query)).scalars().all()
        return Page.from_rows(
            [(encode_cursor(r.created_at.isoformat(), r.kind, r.target_id), r) for r in rows],
            size,
        )

    # -- batched reads (one query per execution step, through DataLoaders) ------------------

    async def counts(self, user_ids: Sequence[uuid.UUID]) -> list[tuple[int, int]]:
        """(followers, following) of each user, in order: one query (two index counts each)."""
        async with self.db.session() as session:
            rows = await session.execute(COUNTS, {"ids": list(user_ids)})
            found = {user: (int(a), int(b)) for user, a, b in rows.tuples()}
        return [found.get(u, (0, 0)) for u in user_ids]

    async def viewer_follows(self, viewer: uuid.UUID, targets: Sequence[Target]) -> list[bool]:
        """Whether the viewer follows each target, in order: one query for any mix of kinds."""
        if not targets:
            return []
        async with self.db.session() as session:
            rows = await session.execute(
                select(Follow.kind, Follow.target_id).where(
                    Follow.follower_id == viewer,
                    tuple_(Follow.kind, Follow.target_id).in_(
                        [(t.kind.value, t.id) for t in targets]
                    ),
                )
            )
            found = {(k, t) for k, t in rows.tuples()}
        return [(t.kind.value, t.id) in found for t in targets]

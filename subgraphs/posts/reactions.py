"""Reactions: a signed-in user gives a PUBLISHED post, or a PUBLISHED comment of one, at most one
reaction of each kind (LIKE, INSIGHTFUL, FUNNY). Adding one twice or removing one that is not
there changes nothing and publishes nothing; a real change writes ReactionAdded/ReactionRemoved
(posts.reaction.v1, keyed by the post id) in the same transaction, from which the feed keeps the
counts on its cards.

Rate limit: REACTIONS_PER_MINUTE changes (adds and removals alike, so toggling is counted) per
user in a fixed one-minute window, kept in one row per user (`reaction_rate`), upserted in the
change's own transaction: a refused change (RATE_LIMITED with retryAfter) leaves no trace.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Viewer
from common.contracts.posts import REACTION, ReactionChanged, ReactionEvent, ReactionKind
from common.db import Database
from common.errors import NotFound, RateLimited
from common.outbox import add_event
from subgraphs.posts.models import Comment, Post, Reaction, State, outbox
from subgraphs.posts.settings import Settings
from subgraphs.posts.validation import now, parse_int_id, parse_uuid, signed_in

#: (post id, comment id); comment id 0 is the post itself.
Subject = tuple[uuid.UUID, int]
WINDOW = dt.timedelta(minutes=1)


class Reactions:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def set_reaction(
        self,
        *,
        viewer: Viewer | None,
        post_id: str,
        comment_id: str | None,
        kind: ReactionKind,
        on: bool,
    ) -> Subject:
        """Add (`on`) or remove the viewer's reaction of `kind`; the subject it is on."""
        me = signed_in(viewer)
        pid = parse_uuid(post_id, "postId")
        cid = 0 if comment_id is None else parse_int_id(comment_id, "commentId")
        async with self.db.transaction() as s:
            await self._check_subject(s, pid, cid, post_id, comment_id)
            await self._throttle(s, me.user_id)
            if on:
                changed = await s.scalar(
                    insert(Reaction)
                    .values(
                        post_id=pid,
                        comment_id=cid,
                        user_id=me.user_id,
                        kind=kind.value,
                        created_at=now(),
                    )
                    .on_conflict_do_nothing()
                    .returning(Reaction.kind)
                )
            else:
                changed = await s.scalar(
                    delete(Reaction)
                    .where(
                        Reaction.post_id == pid,
                        Reaction.comment_id == cid,
                        Reaction.user_id == me.user_id,
                        Reaction.kind == kind.value,
                    )
                    .returning(Reaction.kind)
                )
            if changed is not None:
                await add_event(
                    s,
                    outbox,
                    topic=REACTION.name,
                    key=str(pid),
                    type=(ReactionEvent.ADDED if on else ReactionEvent.REMOVED).value,
                    payload=REACTION.dump(
                        ReactionChanged(
                            post_id=pid,
                            comment_id=cid or None,
                            user_id=me.user_id,
                            kind=kind,
                        )
                    ),
                )
        return pid, cid

    @staticmethod
    async def _check_subject(
        s: AsyncSession, pid: uuid.UUID, cid: int, post_id: str, comment_id: str | None
    ) -> None:
        """Reactions go to PUBLISHED posts and comments (what everyone sees) only."""
        post = await s.get(Post, pid)
        if post is None or post.state != State.PUBLISHED:
            raise NotFound("Post not found", id=post_id)
        if cid:
            comment = await s.get(Comment, (pid, cid))
            if comment is None or comment.state != State.PUBLISHED:
                raise NotFound("Comment not found", id=comment_id)

    async def _throttle(self, s: AsyncSession, user_id: uuid.UUID) -> None:
        limit = self.settings.reactions_per_minute
        if limit <= 0:
            return
        count, window_start = (
            await s.execute(
                text(
                    "INSERT INTO reaction_rate AS r (user_id, window_start, count)"
                    " VALUES (:user, now(), 1) ON CONFLICT (user_id) DO UPDATE SET"
                    " count = CASE WHEN r.window_start > now() - CAST(:window AS interval)"
                    " THEN r.count + 1 ELSE 1 END,"
                    " window_start = CASE WHEN r.window_start > now() - CAST(:window AS interval)"
                    " THEN r.window_start ELSE now() END"
                    " RETURNING count, window_start"
                ),
                {"user": user_id, "window": WINDOW},
            )
        ).one()
        if count > limit:
            left = (window_start + WINDOW - now()).total_seconds()
            raise RateLimited(
                "Too many reactions, try again shortly", retryAfter=max(1, math.ceil(left))
            )

    async def counts(self, subjects: Sequence[Subject]) -> dict[Subject, dict[str, int]]:
        """Reactions per kind of each subject (one query for a batch)."""
        found: dict[Subject, dict[str, int]] = {subject: {} for subject in subjects}
        if not subjects:
            return found
        async with self.db.session() as s:
            rows = await s.execute(
                select(Reaction.post_id, Reaction.comment_id, Reaction.kind, func.count())
                .where(tuple_(Reaction.post_id, Reaction.comment_id).in_(list(set(subjects))))
                .group_by(Reaction.post_id, Reaction.comment_id, Reaction.kind)
            )
            for post_id, comment_id, kind, count in rows.tuples():
                found[(post_id, comment_id)][kind] = count
        return found

    async def viewer_kinds(
        self, viewer: Viewer | None, subjects: Sequence[Subject]
    ) -> dict[Subject, set[str]]:
        """The kinds the viewer gave each subject (none when anonymous)."""
        found: dict[Subject, set[str]] = {subject: set() for subject in subjects}
        if viewer is None or not subjects:
            return found
        async with self.db.session() as s:
            rows = await s.execute(
                select(Reaction.post_id, Reaction.comment_id, Reaction.kind).where(
                    Reaction.user_id == viewer.user_id,
                    tuple_(Reaction.post_id, Reaction.comment_id).in_(list(set(subjects))),
                )
            )
            for post_id, comment_id, kind in rows.tuples():
                found[(post_id, comment_id)].add(kind)
        return found

    async def post_counts(self, post_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
        """The posts' own reaction counts (StreamPosts, for the feed's rebuild)."""
        counts = await self.counts([(pid, 0) for pid in post_ids])
        return {pid: counts[(pid, 0)] for pid in post_ids}

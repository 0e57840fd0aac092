"""Scheduled publishing: approved posts whose `publish_at` is in the future wait as SCHEDULED
(posts.py puts them there); this worker publishes them when their time comes.

Durable and safe with several replicas: the schedule is the posts table itself (no timers in
memory), polled every SCHEDULER_POLL_SECONDS through a partial index of SCHEDULED posts. Each
poll claims due rows with `FOR UPDATE SKIP LOCKED`, so replicas polling at once take disjoint
posts and never publish one twice; the state change and its outbox event (PostStateChanged,
SCHEDULED -> PUBLISHED) commit together, so the feed and the notifications see a scheduled post
exactly as they see any publication. After downtime the first poll publishes everything that
fell due meanwhile (oldest first, in batches). `published_at` is the scheduled time, so a post
published late still sits where it was meant to in the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import Callable

from sqlalchemy import or_, select

from common.db import Database
from common.logging import get_logger
from subgraphs.posts.events import PostEvent, post_event
from subgraphs.posts.models import Post, State
from subgraphs.posts.tags import post_tags
from subgraphs.posts.validation import now

log = get_logger(__name__)

Clock = Callable[[], dt.datetime]


class Scheduler:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock = now,
        interval: float = 5.0,
        batch: int = 100,
    ) -> None:
        self.db = db
        self.clock = clock
        self.interval = interval
        self.batch = max(1, batch)
        self._task: asyncio.Task[None] | None = None

    async def publish_due(self) -> int:
        """One claim: publish up to `batch` SCHEDULED posts due by the clock; how many."""
        at = self.clock()
        async with self.db.transaction() as s:
            due = list(
                await s.scalars(
                    select(Post)
                    .where(
                        Post.state == State.SCHEDULED.value,
                        or_(Post.publish_at <= at, Post.publish_at.is_(None)),
                    )
                    .order_by(Post.publish_at, Post.id)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
            )
            for post in due:
                post.state = State.PUBLISHED.value
                # the wall clock, never earlier than the last change: the feed orders a post's
                # versions by updated_at
                post.updated_at = max(now(), post.updated_at)
                if post.published_at is None:
                    post.published_at = post.publish_at or at
                await s.flush()
                await post_event(
                    s,
                    PostEvent.STATE_CHANGED,
                    post,
                    await post_tags(s, post.id),
                    previous_state=State.SCHEDULED.value,
                )
        if due:
            log.info("scheduled posts published", count=len(due))
        return len(due)

    async def catch_up(self) -> int:
        """Publish everything due now, batch after batch."""
        total = 0
        while (published := await self.publish_due()) > 0:
            total += published
            if published < self.batch:
                break
        return total

    async def _run(self) -> None:
        while True:
            try:
                await self.catch_up()
            except Exception:  # a database that is down: try again at the next poll
                log.exception("scheduler poll failed")
            await asyncio.sleep(self.interval)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="posts-scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

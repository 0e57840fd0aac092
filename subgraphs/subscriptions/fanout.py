"""The fan-out: a job per source event turns its audience into notification requests, in
resumable batches.

A job (fanout_jobs) holds a Spec: who may hear of the event (followers of targets, named
recipients) with the notification type each source gives, who is left out (the actor), and the
request's template (subject, data). The consumer only writes the job (events.py), so a big
audience never holds a partition; the JobRunner works jobs one batch per transaction:

1. lock the job row (FOR UPDATE SKIP LOCKED: replicas share jobs, never a batch);
2. read the next FANOUT_BATCH recipients after the job's cursor, in uuid order (a keyset over
   every source at once, de-duplicated, each recipient with the sources that reached it);
3. drop the actor, blocked and deleted users, and those whose preferences want nothing;
4. write one NotificationRequest per recipient to the outbox (idempotency key: event id +
   recipient), move the cursor past the batch, commit.

A crash loses at most the uncommitted batch, which is redone from the same cursor: every
recipient gets exactly one request row. A replayed event finds its job (same id) and a post
published again finds its subject_key: nothing is added.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.subscriptions import (
    NOTIFICATION_REQUEST,
    Channel,
    NotificationRequest,
    NotificationType,
)
from common.db import Database
from common.ids import new_id
from common.logging import get_logger
from common.tasks import cancel_and_wait
from common.tracking import current_track_id
from subgraphs.subscriptions import preferences, tokens
from subgraphs.subscriptions.follows import GONE_STATES
from subgraphs.subscriptions.models import FanoutJob, JobState, User, any_of, outbox

log = get_logger(__name__)
REQUESTED = "NotificationRequested"


class Source(BaseModel):
    """Followers of one target (kind + target_id), or named recipients, and the type they get."""

    model_config = ConfigDict(frozen=True)

    type: NotificationType
    kind: str | None = None
    target_id: str | None = None
    recipients: list[uuid.UUID] = []


class Spec(BaseModel):
    """A job's audience and request template. Sources are in priority order: a recipient
    reached by several gets the first type whose preferences list a channel."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    sources: list[Source]
    actor_id: uuid.UUID | None = None
    subject_kind: str | None = None
    subject_id: str | None = None
    data: dict[str, str] = {}


async def create_job(session: AsyncSession, spec: Spec, subject_key: str) -> bool:
    """Write the job in the caller's transaction; False when its event or subject has one."""
    now = dt.datetime.now(dt.UTC)
    created = await session.execute(
        insert(FanoutJob)
        .values(
            id=spec.event_id,
            subject_key=subject_key,
            state=JobState.RUNNING.value,
            spec=spec.model_dump(mode="json"),
            cursor=None,
            sent=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing()
        .returning(FanoutJob.id)
    )
    return created.first() is not None


def audience_query(spec: Spec, size: int) -> tuple[Any, dict[str, Any]]:
    """The next `size` recipients after :cursor with the indexes of the sources reaching each:
    one index range scan per source, limited to `size` (the first `size` of the union are
    among the first `size` of each source)."""
    branches: list[str] = []
    params: dict[str, Any] = {"size": size}
    for index, source in enumerate(spec.sources):
        if source.kind is not None:
            params[f"k{index}"], params[f"t{index}"] = source.kind, source.target_id
            branches.append(
                f"(SELECT follower_id AS r, {index} AS s FROM follows "
                f"WHERE kind = :k{index} AND target_id = :t{index} "
                f"AND follower_id > :cursor ORDER BY follower_id LIMIT :size)"
            )
        if source.recipients:
            params[f"r{index}"] = list(source.recipients)
            branches.append(
                f"(SELECT r, {index} AS s FROM unnest(CAST(:r{index} AS uuid[])) AS u(r) "
                f"WHERE r > :cursor ORDER BY r LIMIT :size)"
            )
    if not branches:
        branches.append("(SELECT NULL::uuid AS r, 0 AS s WHERE false)")
    sql = (
        "SELECT r, array_agg(s ORDER BY s) FROM ("
        + " UNION ALL ".join(branches)
        + ") AS a GROUP BY r ORDER BY r LIMIT :size"
    )
    return text(sql), params


MIN_UUID = uuid.UUID(int=0)


class FanoutWriter:
    """Writes one batch of a job (steps 2-4 above)."""

    def __init__(self, signer: tokens.TokenSigner, unsubscribe_url: str, batch: int) -> None:
        self.signer = signer
        self.unsubscribe_url = unsubscribe_url
        self.batch = batch

    async def batch_of(self, session: AsyncSession, job: FanoutJob) -> int:
        """Write the next batch and move the cursor; returns how many recipients it read (0:
        the job is done)."""
        spec = Spec.model_validate(job.spec)
        query, params = audience_query(spec, self.batch)
        params["cursor"] = job.cursor or MIN_UUID
        rows = (await session.execute(query, params)).tuples().all()
        now = dt.datetime.now(dt.UTC)
        if not rows:
            job.state, job.updated_at = JobState.DONE.value, now
            return 0
        reached = {r: [spec.sources[i].type for i in s] for r, s in rows}
        requests = await self.requests_for(session, spec, reached)
        if requests:
            await session.execute(insert(outbox), requests)
        job.cursor = rows[-1][0]
        job.sent += len(requests)
        job.updated_at = now
        if len(rows) < self.batch:
            job.state = JobState.DONE.value
        return len(rows)

    async def requests_for(
        self,
        session: AsyncSession,
        spec: Spec,
        reached: dict[uuid.UUID, list[NotificationType]],
    ) -> list[dict[str, Any]]:
        candidates = [r for r in reached if r != spec.actor_id]
        if not candidates:
            return []
        gone = set(
            (
                await session.execute(
                    select(User.user_id).where(
                        User.user_id == any_of(candidates), User.state.in_(GONE_STATES)
                    )
                )
            ).scalars()
        )
        candidates = [r for r in candidates if r not in gone]
        types = {t for r in candidates for t in reached[r]}
        choices = await preferences.choices_for(session, candidates, types)
        chosen: dict[uuid.UUID, tuple[NotificationType, list[Channel], Any]] = {}
        for recipient in candidates:
            for type in reached[recipient]:
                choice = choices[(recipient, type)]
                channels = choice.delivered_on()
                if channels:
                    chosen[recipient] = (type, channels, choice.email_cadence)
                    break
        generations = await tokens.generations(session, [(r, t) for r, (t, _, _) in chosen.items()])
        occurred = dt.datetime.now(dt.UTC)
        track_id = current_track_id()
        rows = []
        for recipient, (type, channels, cadence) in chosen.items():
            token = self.signer.make(recipient, type, generations[(recipient, type)])
            request = NotificationRequest(
                idempotency_key=f"{spec.event_id}:{recipient}",
                recipient_id=recipient,
                type=type,
                channels=channels,
                email_cadence=cadence,
                actor_id=spec.actor_id,
                source_event_id=spec.event_id,
                subject_kind=spec.subject_kind,
                subject_id=spec.subject_id,
                data={**spec.data, "unsubscribe_url": f"{self.unsubscribe_url}?token={token}"},
                unsubscribe_token=token,
            )
            rows.append(
                {
                    "id": new_id(),
                    "topic": NOTIFICATION_REQUEST.name,
                    "key": str(recipient),
                    "type": REQUESTED,
                    "payload": NOTIFICATION_REQUEST.dump(request),
                    "track_id": track_id,
                    "occurred_at": occurred,
                }
            )
        return rows


class JobRunner:
    """Works RUNNING jobs, oldest first, one batch per transaction, until none is left; then
    waits for `wake()` (a new job in this process) or FANOUT_IDLE_SECONDS (one elsewhere)."""

    def __init__(self, db: Database, writer: FanoutWriter, *, idle_seconds: float) -> None:
        self.db = db
        self.writer = writer
        self.idle_seconds = idle_seconds
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wakeup.set()

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="fanout-jobs")

    async def stop(self) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            await cancel_and_wait(task)

    async def step(self) -> bool:
        """One batch of the oldest RUNNING job nobody else holds; False when there is none."""
        async with self.db.transaction() as session:
            job = await session.scalar(
                select(FanoutJob)
                .where(FanoutJob.state == JobState.RUNNING.value)
                .order_by(FanoutJob.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job is None:
                return False
            await self.writer.batch_of(session, job)
        return True

    async def drain(self) -> None:
        while await self.step():
            pass

    async def _run(self) -> None:
        while True:
            try:
                await self.drain()
            except Exception as exc:  # the database went away: try again after a pause
                log.warning("fan-out batch failed", error=repr(exc))
            self._wakeup.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.idle_seconds)


__all__ = ["FanoutWriter", "JobRunner", "Source", "Spec", "create_job"]

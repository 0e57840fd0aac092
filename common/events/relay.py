"""The outbox relay: publishes a service's unsent outbox rows to Kafka, in order per key.

A service starts one in its `on_start` hook and stops it in `on_stop`:

    relay = OutboxRelay(database, outbox, Kafka.from_settings(settings).producer,
                        service=settings.service_name)
    ServiceApp(..., on_start=[..., relay.start], on_stop=[relay.stop, ...])

How it works (all state lives in the outbox table, so restarts and replicas need nothing else):
- A batch is claimed with `SELECT ... ORDER BY seq FOR UPDATE SKIP LOCKED`: replicas share the
  work and each row is claimed by one transaction at a time.
- Per key, only rows that are the oldest unpublished ones of their key are sent: a claimed row
  whose key has an older unpublished row claimed by another replica waits for it.
- Within a batch the rows of a key are sent in waves: the next row of a key is sent only after the
  previous one was acknowledged. A failure stops that key for this batch; other keys go on.
- `published_at` is set, in the claiming transaction, only for rows the broker acknowledged
  (acks="all"). A crash between acknowledgement and commit publishes those rows again: delivery
  is at least once, and consumers are idempotent on the event id.
- While the broker is down the relay retries with capped exponential back-off, recreating its
  producer; the failing row's `last_error` records why.
- It sleeps until a PostgreSQL NOTIFY (an AFTER INSERT trigger it installs on the outbox) or the
  poll interval, whichever comes first; without the listener it just polls.

Order caveat: `seq` comes from a sequence, allocated before commit. Two transactions writing the
same key concurrently could commit out of `seq` order; services serialize writes to one entity
(row locks on the entity) before adding its event, which rules that out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import time
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import orjson
from aiokafka import AIOKafkaProducer
from sqlalchemy import Row, Table, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from common.db import Database
from common.events.kafka import Kafka, LazyProducer
from common.events.metrics import (
    OUTBOX_DELAY,
    OUTBOX_FAILURES,
    OUTBOX_OLDEST_AGE,
    OUTBOX_PUBLISHED,
    OUTBOX_UNPUBLISHED,
)
from common.logging import get_logger
from common.outbox import envelope, stored_traceparent
from common.settings import ServiceSettings
from common.tracing import TRACEPARENT
from common.tracking import TRACK_ID_HEADER

log = get_logger(__name__)

ProducerFactory = Callable[[], AIOKafkaProducer]
DEFAULT_CHANNEL = "outbox_inserted"
EVENT_ID_HEADER = "event-id"
EVENT_TYPE_HEADER = "event-type"


def notify_trigger_ddl(table: Table, channel: str = DEFAULT_CHANNEL) -> list[str]:
    """DDL for an AFTER INSERT (per statement) trigger that NOTIFYs `channel` on commit.

    The relay installs it on start when missing; a migration may run these statements instead.
    """
    qualified = f'"{table.schema}"."{table.name}"' if table.schema else f'"{table.name}"'
    function = f"{table.name}_notify_inserted"
    return [
        f"""CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{channel}', TG_TABLE_NAME);
    RETURN NULL;
END
$$""",
        f'CREATE OR REPLACE TRIGGER "{table.name}_notify" AFTER INSERT ON {qualified} '
        f'FOR EACH STATEMENT EXECUTE FUNCTION "{function}"()',
    ]


@dataclass
class BatchResult:
    claimed: int = 0
    published: int = 0
    failed: int = 0
    #: Claimed rows held back because an older row of their key is claimed elsewhere.
    deferred: int = 0


def backoff_delay(attempt: int, initial: float, cap: float) -> float:
    """Capped exponential back-off with +-20 % jitter; `attempt` counts from 1."""
    delay: float = min(cap, initial * 2 ** max(0, attempt - 1))
    return delay * random.uniform(0.8, 1.2)


class OutboxRelay:
    @classmethod
    def for_service(
        cls, settings: ServiceSettings, database: Database, outbox: Table, **options: Any
    ) -> OutboxRelay | None:
        """The relay a service runs when a broker is configured; None without one (its events
        then wait in the outbox table until a relay runs). `options`: the constructor's."""
        if not settings.kafka_bootstrap_servers:
            return None
        kafka = Kafka.from_settings(settings)
        return cls(database, outbox, kafka.producer, service=settings.service_name, **options)

    def __init__(
        self,
        database: Database,
        outbox: Table,
        producer_factory: ProducerFactory,
        *,
        service: str = "service",
        batch_size: int = 200,
        poll_interval: float = 1.0,
        backoff_initial: float = 0.1,
        backoff_max: float = 10.0,
        publish_timeout: float = 30.0,
        listen: bool = True,
        install_trigger: bool = True,
        channel: str = DEFAULT_CHANNEL,
        lag_interval: float = 5.0,
    ) -> None:
        self.database = database
        self.outbox = outbox
        self.producer_factory = producer_factory
        self.service = service
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.publish_timeout = publish_timeout
        self.listen = listen
        self.install_trigger = install_trigger
        self.channel = channel
        self.lag_interval = lag_interval
        self._producer = LazyProducer(producer_factory)
        self._listener: asyncpg.Connection | None = None
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._lag_checked = 0.0
        self._failures = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Install the NOTIFY trigger (if asked) and start the background task."""
        if self._task is not None:
            return
        self._stopping.clear()
        if self.install_trigger:
            await self.ensure_trigger()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")
        log.info("outbox relay started", relay_service=self.service)

    async def stop(self) -> None:
        """Finish the batch in flight (up to `publish_timeout`), then close everything."""
        self._stopping.set()
        self._wakeup.set()
        if self._task is not None:
            task, self._task = self._task, None
            try:
                await asyncio.wait_for(task, self.publish_timeout + 5)
            except TimeoutError:
                log.warning("outbox relay did not stop in time; cancelled")
        await self._producer.close()
        await self._close_listener()
        log.info("outbox relay stopped", relay_service=self.service)

    async def ensure_trigger(self) -> None:
        lock = zlib.crc32(f"outbox-trigger:{self.outbox.name}".encode())
        async with self.database.engine.begin() as conn:
            await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            exists = await conn.scalar(
                text(
                    "SELECT 1 FROM pg_trigger WHERE tgname = :n "
                    "AND tgrelid = to_regclass(:t) AND NOT tgisinternal"
                ),
                {
                    "n": f"{self.outbox.name}_notify",
                    "t": self.outbox.fullname,
                },
            )
            if not exists:
                for statement in notify_trigger_ddl(self.outbox, self.channel):
                    await conn.execute(text(statement))

    # -- the loop --------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping.is_set():
            if self.listen:
                await self._ensure_listener()
            self._wakeup.clear()
            await self._refresh_lag()
            try:
                result = await self.publish_batch()
            except Exception as exc:
                result = BatchResult(failed=1)
                log.warning("outbox relay batch failed", error=repr(exc))
            if result.failed:
                self._failures += 1
                delay = backoff_delay(self._failures, self.backoff_initial, self.backoff_max)
                log.warning(
                    "outbox relay backing off",
                    attempt=self._failures,
                    delay_seconds=round(delay, 3),
                    published=result.published,
                )
                await self._producer.close()
                await self._sleep(delay)
                continue
            if self._failures:
                log.info("outbox relay recovered", after_attempts=self._failures)
                self._failures = 0
            if result.claimed >= self.batch_size and result.published:
                continue
            if result.deferred:
                await self._sleep(0.05)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self.poll_interval)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def publish_batch(self) -> BatchResult:
        """Claim up to `batch_size` unpublished rows, publish them, mark the acknowledged ones."""
        t = self.outbox
        result = BatchResult()
        async with self.database.engine.connect() as conn, conn.begin():
            rows = (
                await conn.execute(
                    select(t)
                    .where(t.c.published_at.is_(None))
                    .order_by(t.c.seq)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            result.claimed = len(rows)
            if not rows:
                return result
            eligible = await self._eligible(conn, rows)
            result.deferred = len(rows) - len(eligible)
            if not eligible:
                return result
            acked, failures = await self._publish(eligible)
            if acked:
                await conn.execute(
                    update(t)
                    .where(t.c.seq.in_([row.seq for row in acked]))
                    .values(published_at=func.now(), last_error=None)
                )
            for row, error in failures:
                await conn.execute(
                    update(t).where(t.c.seq == row.seq).values(last_error=error[:2000])
                )
        # Counted after the commit: these rows are now durably published.
        now = dt.datetime.now(dt.UTC)
        for row in acked:
            OUTBOX_PUBLISHED.labels(self.service, row.topic).inc()
            OUTBOX_DELAY.labels(self.service).observe(
                max(0.0, (now - row.occurred_at).total_seconds())
            )
        if failures:
            OUTBOX_FAILURES.labels(self.service).inc(len(failures))
            first, error = failures[0]
            log.warning(
                "outbox events not published",
                count=len(failures),
                first_event_id=str(first.id),
                first_seq=first.seq,
                topic=first.topic,
                error=error,
            )
        result.published = len(acked)
        result.failed = len(failures)
        if acked:
            log.debug("outbox events published", count=len(acked), deferred=result.deferred)
        return result

    async def _eligible(self, conn: AsyncConnection, rows: Sequence[Row[Any]]) -> list[Row[Any]]:
        """Drop claimed rows whose key has an older unpublished row that is not ours."""
        t = self.outbox
        claimed = [row.seq for row in rows]
        keys = list({row.key for row in rows})
        foreign = dict(
            (
                await conn.execute(
                    select(t.c.key, func.min(t.c.seq))
                    .where(
                        t.c.published_at.is_(None),
                        t.c.key.in_(keys),
                        t.c.seq.not_in(claimed),
                        t.c.seq < max(claimed),
                    )
                    .group_by(t.c.key)
                )
            )
            .tuples()
            .all()
        )
        return [row for row in rows if row.key not in foreign or row.seq < foreign[row.key]]

    async def _publish(
        self, rows: Sequence[Row[Any]]
    ) -> tuple[list[Row[Any]], list[tuple[Row[Any], str]]]:
        """Send in waves (one row per key per wave); returns (acknowledged, failed+error)."""
        queues: dict[str, deque[Row[Any]]] = {}
        for row in rows:
            queues.setdefault(row.key, deque()).append(row)
        acked: list[Row[Any]] = []
        failed: list[tuple[Row[Any], str]] = []
        try:
            async with asyncio.timeout(self.publish_timeout):
                producer = await self._producer.get()
                while queues:
                    wave = [queue.popleft() for queue in queues.values()]
                    outcomes = await self._send_wave(producer, wave)
                    for row, error in zip(wave, outcomes, strict=True):
                        if error is None:
                            acked.append(row)
                        else:
                            failed.append((row, error))
                            del queues[row.key]
                    queues = {key: queue for key, queue in queues.items() if queue}
        except TimeoutError:
            failed_keys = {row.key for row, _ in failed}
            for key, queue in queues.items():
                if key not in failed_keys and queue:
                    failed.append((queue[0], f"timed out after {self.publish_timeout} s"))
        except Exception as exc:  # the producer could not start: the broker is unreachable
            failed_keys = {row.key for row, _ in failed}
            for key, queue in queues.items():
                if key not in failed_keys and queue:
                    failed.append((queue[0], repr(exc)))
        return acked, failed

    async def _send_wave(
        self, producer: AIOKafkaProducer, wave: Sequence[Row[Any]]
    ) -> list[str | None]:
        futures: list[asyncio.Future[Any] | str] = []
        for row in wave:
            headers = [
                (EVENT_ID_HEADER, str(row.id).encode()),
                (EVENT_TYPE_HEADER, row.type.encode()),
            ]
            if row.track_id:
                headers.append((TRACK_ID_HEADER, row.track_id.encode()))
            if traceparent := stored_traceparent(row):
                headers.append((TRACEPARENT, traceparent.encode()))
            try:
                futures.append(
                    await producer.send(
                        row.topic,
                        value=orjson.dumps(envelope(row)),
                        key=row.key.encode(),
                        headers=headers,
                    )
                )
            except Exception as exc:
                futures.append(repr(exc))
        outcomes: list[str | None] = []
        for future in futures:
            if isinstance(future, str):
                outcomes.append(future)
                continue
            try:
                await future
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(repr(exc))
        return outcomes

    # -- listener -------------------------------------------------------------------------

    async def _ensure_listener(self) -> None:
        if self._listener is not None and not self._listener.is_closed():
            return
        self._listener = None
        dsn = make_url(self.database.url).set(drivername="postgresql")
        try:
            conn = await asyncpg.connect(dsn.render_as_string(hide_password=False))
            await conn.add_listener(self.channel, self._notified)
        except Exception as exc:
            log.warning("outbox relay cannot LISTEN; polling only", error=repr(exc))
            return
        self._listener = conn

    def _notified(self, *_args: object) -> None:
        self._wakeup.set()

    async def _close_listener(self) -> None:
        if self._listener is not None:
            conn, self._listener = self._listener, None
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)

    # -- lag -------------------------------------------------------------------------------

    async def _refresh_lag(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._lag_checked < self.lag_interval:
            return
        self._lag_checked = now
        try:
            count, oldest = await self.lag()
        except Exception as exc:
            log.warning("outbox lag query failed", error=repr(exc))
            return
        OUTBOX_UNPUBLISHED.labels(self.service).set(count)
        OUTBOX_OLDEST_AGE.labels(self.service).set(oldest)

    async def lag(self) -> tuple[int, float]:
        """(unpublished rows, age in seconds of the oldest one, 0 when none)."""
        t = self.outbox
        async with self.database.engine.connect() as conn:
            count, oldest = (
                await conn.execute(
                    select(func.count(), func.min(t.c.occurred_at)).where(
                        t.c.published_at.is_(None)
                    )
                )
            ).one()
        age = (dt.datetime.now(dt.UTC) - oldest).total_seconds() if oldest is not None else 0.0
        return int(count), max(0.0, age)

"""Processed-events records: a consumer applies each event id at most once.

PostgreSQL (the record is inserted in the same transaction as the handler's write):

    processed = processed_events_table(Base.metadata)          # in the service's models.py

    async def apply(session: AsyncSession, event: Event) -> None: ...   # the write itself
    handler = once_in_postgres(database, processed, "feed", apply)      # an EventConsumer handler

Redis (SET NX-style marker with a TTL, in one MULTI/EXEC with the handler's writes, guarded by
WATCH on the marker):

    async def write(pipe: Pipeline) -> None:
        pipe.zadd(f"feed:{{{user}}}", {post_id: score})             # queued, not executed
    applied = await once_in_redis(redis, processed_key("feed", event.id), write)

On Redis Cluster the marker and the written keys must share a hash slot for MULTI/EXEC: give
`processed_key` the same hash tag (`tag=`) as the keys the write touches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import WatchError
from sqlalchemy import Column, DateTime, MetaData, String, Table, delete, func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import Database
from common.events.consumer import Event, Handler

DEFAULT_TTL_SECONDS = 7 * 24 * 3600


def processed_events_table(metadata: MetaData, name: str = "processed_events") -> Table:
    """Declare the processed-events record on the consuming service's own metadata."""
    return Table(
        name,
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", String(100), primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


async def claim_event(session: AsyncSession, table: Table, consumer: str, event_id: str) -> bool:
    """Record the event as processed by `consumer` in the caller's transaction.

    True: first time, go on with the write. False: already applied, skip it. A concurrent
    duplicate blocks on the primary key until the first transaction ends, then gets False.
    """
    inserted = await session.execute(
        insert(table)
        .values(consumer=consumer, event_id=event_id)
        .on_conflict_do_nothing(index_elements=["consumer", "event_id"])
        .returning(table.c.event_id)
    )
    return inserted.first() is not None


def once_in_postgres(
    database: Database,
    table: Table,
    consumer: str,
    apply: Callable[[AsyncSession, Event], Awaitable[None]],
) -> Handler:
    """A handler that runs `apply(session, event)` and the processed-events insert in one
    transaction, skipping events already applied."""

    async def handle(event: Event) -> None:
        async with database.transaction() as session:
            if await claim_event(session, table, consumer, event.id):
                await apply(session, event)

    return handle


async def prune_processed(session: AsyncSession, table: Table, older_than: dt.timedelta) -> int:
    """Forget records older than the topics' retention (redelivery beyond it is impossible)."""
    result = await session.execute(
        delete(table).where(table.c.processed_at < func.now() - older_than)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def processed_key(consumer: str, event_id: str, *, tag: str | None = None) -> str:
    """The Redis marker key; `tag` puts it in the hash slot of `{tag}` keys."""
    slot = f"{{{tag}}}:" if tag is not None else ""
    return f"processed:{slot}{consumer}:{event_id}"


async def once_in_redis(
    redis: Redis,
    key: str,
    write: Callable[[Pipeline], Awaitable[None]],
    *,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> bool:
    """Queue `write`'s commands and the marker in one MULTI/EXEC, unless the marker exists.

    `write` receives the pipeline after MULTI: its commands are queued, not run (read what you
    need before calling this). Returns True when applied, False when the event was already
    applied (or is being applied concurrently by another consumer, which WATCH detects).
    """
    async with redis.pipeline(transaction=True) as pipe:
        try:
            await pipe.watch(key)
            if await pipe.exists(key):
                return False
            pipe.multi()  # type: ignore[no-untyped-call]
            pipe.set(key, "1", ex=ttl_seconds)
            await write(pipe)
            await pipe.execute()
        except WatchError:
            return False
    return True

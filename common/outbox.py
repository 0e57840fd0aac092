"""The transactional outbox: events are rows written in the same transaction as the change they
describe, so an event exists exactly when its change committed. A relay (events capability)
publishes unsent rows to Kafka in order per key.

Envelope fields follow ARCHITECTURE.md: id, type, occurred_at, track_id, payload; the topic is
`<service>.<entity>.v1` and the key is the entity id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, MetaData, String, Table, Text, insert
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from common.ids import new_id
from common.tracking import current_track_id


def outbox_table(metadata: MetaData) -> Table:
    """Declare the outbox on a service's own metadata (each service owns its outbox)."""
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, primary_key=True, autoincrement=True),
        Column("id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("type", String(200), nullable=False),
        Column("payload", JSONB, nullable=False),
        Column("track_id", String(128)),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True)),
        Column("last_error", Text),
        Index("outbox_unpublished", "seq", postgresql_where=Column("published_at").is_(None)),
    )


def envelope(row: Any) -> dict[str, Any]:
    """The wire form of an outbox row (what consumers receive)."""
    return {
        "id": str(row.id),
        "type": row.type,
        "occurred_at": row.occurred_at.isoformat(),
        "track_id": row.track_id,
        "payload": row.payload,
    }


async def add_event(
    session: AsyncSession,
    table: Table,
    *,
    topic: str,
    key: str,
    type: str,
    payload: dict[str, Any],
) -> dict[str, Any]:
    """Write one event in the caller's transaction; returns its envelope."""
    row = {
        "id": new_id(),
        "topic": topic,
        "key": key,
        "type": type,
        "payload": payload,
        "track_id": current_track_id(),
        "occurred_at": dt.datetime.now(dt.UTC),
    }
    await session.execute(insert(table).values(**row))
    return {
        "id": str(row["id"]),
        "type": type,
        "occurred_at": row["occurred_at"].isoformat(),  # type: ignore[attr-defined]
        "track_id": row["track_id"],
        "payload": payload,
    }

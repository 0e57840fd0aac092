"""The transactional outbox: events are rows written in the same transaction as the change they
describe, so an event exists exactly when its change committed. A relay (events capability)
publishes unsent rows to Kafka in order per key.

Envelope fields follow ARCHITECTURE.md: id, type, occurred_at, track_id, payload; the topic is
`<service>.<entity>.v1` and the key is the entity id.

When tracing is on (common.tracing) the writer's W3C `traceparent` is kept in the stored
payload under `TRACEPARENT_KEY`: the relay sends it as a record header and `envelope` leaves it
out, so consumers see the payload their contract declares. (A column would need a migration
in every service that has an outbox for a value only traces read.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, MetaData, String, Table, Text, insert
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession

from common.ids import new_id
from common.tracing import current_traceparent, tracing_enabled
from common.tracking import current_track_id

TRACEPARENT_KEY = "_traceparent"


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
        "payload": _contract_payload(row.payload),
    }


def _contract_payload(payload: dict[str, Any]) -> dict[str, Any]:
    if TRACEPARENT_KEY not in payload:
        return payload
    return {k: v for k, v in payload.items() if k != TRACEPARENT_KEY}


def stored_traceparent(row: Any) -> str | None:
    """The `traceparent` of the request that wrote the row (tracing on), else None."""
    value = row.payload.get(TRACEPARENT_KEY) if isinstance(row.payload, dict) else None
    return value if isinstance(value, str) else None


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
    stored = payload
    if tracing_enabled() and (traceparent := current_traceparent()):
        stored = {**payload, TRACEPARENT_KEY: traceparent}
    row = {
        "id": new_id(),
        "topic": topic,
        "key": key,
        "type": type,
        "payload": stored,
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

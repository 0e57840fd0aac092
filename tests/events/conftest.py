"""Fixtures for the events tests: a tansu broker and a fresh PostgreSQL database per test,
holding a test-only outbox, processed-events record and an `applied` table (a consumer's
write)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from aiokafka import ConsumerRecord, TopicPartition
from sqlalchemy import Column, Integer, MetaData, String, Table

from common.db import Database, drop_database, ensure_database
from common.events import Kafka, processed_events_table
from common.outbox import outbox_table
from tests.support.kafka import TansuBroker, tansu
from tests.support.stores import fresh_database_url

metadata = MetaData()
outbox = outbox_table(metadata)
processed = processed_events_table(metadata)
applied = Table(
    "applied",
    metadata,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(100), nullable=False),
    Column("key", String(200)),
    Column("value", Integer),
)


@pytest.fixture
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as started:
        yield started


@pytest.fixture
async def database() -> AsyncIterator[Database]:
    url = fresh_database_url("events")
    await ensure_database(url)
    db = Database(url, pool_size=5)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        yield db
    finally:
        await db.close()
        await drop_database(url)


def kafka_for(broker: TansuBroker) -> Kafka:
    """Client settings for tests: quick failure while the broker is down, quick fetches."""
    return Kafka(
        broker.bootstrap,
        client_id="events-test",
        linger_ms=1,
        request_timeout_ms=2_000,
        fetch_max_wait_ms=10,
        session_timeout_ms=1_000,  # tansu holds a join for about this long
        heartbeat_interval_ms=200,
        partitions=3,
    )


def unique_topic(name: str) -> str:
    return f"test.{name}.{uuid.uuid4().hex[:8]}.v1"


async def read_all(
    kafka: Kafka,
    topic: str,
    count: int,
    *,
    within: float = 15.0,
    settle: float = 0.3,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of `topic` from offset 0 (no group: no join delay), once `count` arrived and
    nothing more came for `settle` seconds; whatever arrived when `within` runs out.

    Each partition is read from offset 0, not from `seek_to_beginning()`: tansu 0.6 answers
    ListOffsets EARLIEST with the batch it *wrote* first, not the lowest offset, so when two
    producers write a partition's first batches at once and the broker finishes offset 1 before
    offset 0, "the beginning" skips offset 0 (tests/events/test_tansu.py,
    `python -m tests.events.tansu_earliest_race`)."""
    consumer = kafka.consumer(group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        deadline = time.monotonic() + within
        partitions: set[int] | None = None
        while not partitions:
            partitions = consumer.partitions_for_topic(topic)
            if not partitions:
                if time.monotonic() > deadline:
                    raise AssertionError(f"topic {topic} never appeared")
                await consumer.topics()
                await asyncio.sleep(0.05)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, 0)
        records: list[ConsumerRecord[bytes, bytes]] = []
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(*tps, timeout_ms=50)
            fresh = [r for rs in batch.values() for r in rs]
            if fresh:
                records.extend(fresh)
                quiet_since = time.monotonic()
            elif len(records) >= count and time.monotonic() - quiet_since >= settle:
                break
        return records
    finally:
        await consumer.stop()


async def read_topic(
    kafka: Kafka,
    topic: str,
    count: int,
    *,
    within: float = 15.0,
    settle: float = 0.3,
) -> list[ConsumerRecord[bytes, bytes]]:
    """`read_all`, failing when fewer than `count` records arrived."""
    records = await read_all(kafka, topic, count, within=within, settle=settle)
    if len(records) < count:
        raise AssertionError(f"{topic}: {len(records)} records after {within} s, wanted {count}")
    return records


@dataclass(frozen=True)
class Ack:
    event_id: str
    partition: int
    offset: int


class AckedSends:
    """A producer factory for the relay that records every send the broker acknowledged (event
    id, partition, offset), so a test can tell the two ways an event goes missing apart: the
    relay marked a row whose send was never acknowledged, or the broker acknowledged a record
    it does not return."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self.acks: list[Ack] = []

    def __call__(self) -> Any:
        return _RecordingProducer(self._factory(), self.acks)

    @property
    def event_ids(self) -> set[str]:
        return {ack.event_id for ack in self.acks}


class _RecordingProducer:
    """Delegates to an AIOKafkaProducer; `send` notes the metadata of each acknowledged send."""

    def __init__(self, producer: Any, acks: list[Ack]) -> None:
        self._producer = producer
        self._acks = acks

    def __getattr__(self, name: str) -> Any:
        return getattr(self._producer, name)

    async def send(self, topic: str, value: bytes, key: bytes, **options: Any) -> Any:
        future = await self._producer.send(topic, value=value, key=key, **options)
        event_id = str(orjson.loads(value)["id"])

        def note(done: asyncio.Future[Any]) -> None:
            if not done.cancelled() and done.exception() is None:
                metadata = done.result()
                self._acks.append(Ack(event_id, metadata.partition, metadata.offset))

        future.add_done_callback(note)
        return future


def by_key(records: Sequence[ConsumerRecord[bytes, bytes]]) -> dict[str, list[Any]]:
    """Payload `n` values per key, in the order received (order only holds per partition)."""
    out: dict[str, list[Any]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        assert record.key is not None
        out.setdefault(record.key.decode(), []).append(
            orjson.loads(record.value or b"")["payload"]["n"]
        )
    return out

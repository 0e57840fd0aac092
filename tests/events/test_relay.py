"""The outbox relay against a real tansu broker and a real PostgreSQL database."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from typing import Any

import orjson
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from common.db import Database
from common.events import Kafka, OutboxRelay
from common.events.relay import EVENT_ID_HEADER, EVENT_TYPE_HEADER
from common.outbox import add_event
from common.tracking import TRACK_ID_HEADER, track_id_var
from tests.events.conftest import (
    AckedSends,
    by_key,
    kafka_for,
    outbox,
    read_all,
    read_topic,
    unique_topic,
)
from tests.support.kafka import TansuBroker
from tests.support.polling import eventually

RELAY_TIMINGS: dict[str, Any] = {
    "poll_interval": 0.2,
    "backoff_initial": 0.05,
    "backoff_max": 0.5,
    "publish_timeout": 8.0,
    "lag_interval": 0.0,
}


def make_relay(
    database: Database, kafka: Kafka, service: str = "events-test", **options: float
) -> OutboxRelay:
    return OutboxRelay(
        database, outbox, kafka.producer, service=service, **{**RELAY_TIMINGS, **options}
    )


async def write_events(
    database: Database,
    topic: str,
    keys: Sequence[str],
    per_key: int,
    *,
    start: int = 0,
    per_transaction: int = 7,
) -> list[str]:
    """Events n = start..start+per_key-1 for every key, interleaved across keys, several per
    transaction; returns their ids in write order."""
    ids: list[str] = []
    pending = [(key, n) for n in range(start, start + per_key) for key in keys]
    for offset in range(0, len(pending), per_transaction):
        async with database.transaction() as session:
            for key, n in pending[offset : offset + per_transaction]:
                event = await add_event(
                    session, outbox, topic=topic, key=key, type="thing.changed", payload={"n": n}
                )
                ids.append(event["id"])
    return ids


async def unpublished(database: Database) -> int:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )
    return int(count or 0)


async def test_publishes_in_order_per_key_and_marks_rows(
    database: Database, broker: TansuBroker
) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("order")
    await kafka.ensure_topics([topic], partitions=3)
    keys = [f"entity-{i}" for i in range(5)]
    token = track_id_var.set("track-order-0001")
    try:
        ids = await write_events(database, topic, keys, 12)
    finally:
        track_id_var.reset(token)
    relay = make_relay(database, kafka)
    await relay.start()
    try:
        records = await read_topic(kafka, topic, len(ids))
        await eventually(lambda: _none_unpublished(database))
    finally:
        await relay.stop()

    assert sorted(orjson.loads(r.value or b"")["id"] for r in records) == sorted(ids)
    assert by_key(records) == {key: list(range(12)) for key in keys}
    first = records[0]
    body = orjson.loads(first.value or b"")
    assert set(body) == {"id", "type", "occurred_at", "track_id", "payload"}
    assert body["track_id"] == "track-order-0001"
    headers = dict(first.headers)
    assert headers[TRACK_ID_HEADER] == b"track-order-0001"
    assert headers[EVENT_ID_HEADER] == body["id"].encode()
    assert headers[EVENT_TYPE_HEADER] == b"thing.changed"
    async with database.session() as session:
        rows = (await session.execute(select(outbox.c.published_at, outbox.c.last_error))).all()
    assert all(row.published_at is not None and row.last_error is None for row in rows)
    assert await relay.lag() == (0, 0.0)


async def _none_unpublished(database: Database) -> bool:
    return await unpublished(database) == 0


async def test_wakes_on_notify_not_on_poll(database: Database, broker: TansuBroker) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("notify")
    await kafka.ensure_topics([topic], partitions=1)
    relay = make_relay(database, kafka, poll_interval=30.0)
    await relay.start()
    try:
        await write_events(database, topic, ["k"], 1)  # connects the producer
        await eventually(lambda: _none_unpublished(database))
        await asyncio.sleep(0.3)  # the relay is now waiting (for 30 s, unless notified)
        started = time.monotonic()
        await write_events(database, topic, ["k"], 1, start=1)
        await eventually(lambda: _none_unpublished(database), within=5.0, interval=0.01)
        assert time.monotonic() - started < 2.0
    finally:
        await relay.stop()
    assert by_key(await read_topic(kafka, topic, 2)) == {"k": [0, 1]}


async def test_broker_down_during_a_burst(database: Database, broker: TansuBroker) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("outage")
    relay = make_relay(database, kafka)
    await relay.start()
    try:
        await write_events(database, topic, ["warm"], 1)
        await eventually(lambda: _none_unpublished(database))  # the producer is connected

        await broker.stop()
        keys = [f"entity-{i}" for i in range(4)]
        ids = await write_events(database, topic, keys, 10)
        # The relay fails, records why, and keeps every row unpublished.
        await eventually(lambda: _has_last_error(database), within=10.0)
        assert await unpublished(database) == len(ids)
        count, oldest = await relay.lag()
        assert count == len(ids)
        assert oldest > 0

        await broker.start()  # same port, empty memory storage
        await eventually(lambda: _none_unpublished(database), within=20.0)
    finally:
        await relay.stop()
    records = await read_topic(kafka, topic, len(ids))
    received = [orjson.loads(r.value or b"")["id"] for r in records]
    assert sorted(received) == sorted(ids)  # each exactly once (the warm-up died with the broker)
    assert by_key(records) == {key: list(range(10)) for key in keys}


async def _has_last_error(database: Database) -> bool:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.last_error.is_not(None))
        )
    return bool(count)


async def test_two_relays_do_not_double_publish(database: Database, broker: TansuBroker) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("replicas")
    await kafka.ensure_topics([topic], partitions=3)
    keys = [f"entity-{i}" for i in range(8)]
    ids = await write_events(database, topic, keys, 5)
    names = [f"replica-{uuid.uuid4().hex[:6]}" for _ in range(2)]
    sends = AckedSends(kafka.producer)
    relays = [
        OutboxRelay(database, outbox, sends, service=name, batch_size=7, **RELAY_TIMINGS)
        for name in names
    ]
    for relay in relays:
        await relay.start()
    try:
        ids += await write_events(database, topic, keys, 20, start=5, per_transaction=3)
        await eventually(lambda: _none_unpublished(database), within=20.0)
    finally:
        for relay in relays:
            await relay.stop()
    # Every row is marked published. An event can now only be missing in one of two ways:
    never_acked = set(ids) - sends.event_ids
    assert not never_acked, f"relay marked rows whose send was not acknowledged: {never_acked}"
    records = await read_all(kafka, topic, len(ids))
    returned = {(r.partition, r.offset) for r in records}
    lost = [ack for ack in sends.acks if (ack.partition, ack.offset) not in returned]
    assert not lost, f"the broker acknowledged records it does not return: {lost}"
    received = [orjson.loads(r.value or b"")["id"] for r in records]
    assert len(received) == len(set(received)) == len(ids)
    assert by_key(records) == {key: list(range(25)) for key in keys}
    shares = [_published_by(name, topic) for name in names]
    assert sum(shares) == len(ids)
    assert all(shares), shares  # both replicas did part of the work


def _published_by(service: str, topic: str) -> float:
    value = REGISTRY.get_sample_value(
        "indefinite_outbox_published_total", {"service": service, "topic": topic}
    )
    return value or 0.0


async def test_restart_resumes_from_the_table(database: Database, broker: TansuBroker) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("restart")
    await kafka.ensure_topics([topic], partitions=1)
    first = make_relay(database, kafka)
    await first.start()
    ids = await write_events(database, topic, ["k"], 5)
    await eventually(lambda: _none_unpublished(database))
    await first.stop()
    ids += await write_events(database, topic, ["k"], 5, start=5)
    assert await unpublished(database) == 5
    second = make_relay(database, kafka)
    await second.start()
    try:
        await eventually(lambda: _none_unpublished(database))
    finally:
        await second.stop()
    records = await read_topic(kafka, topic, len(ids))
    assert by_key(records) == {"k": list(range(10))}

"""The consumer base against a real tansu broker: manual commits, idempotence on event id
across a kill and restart, dead-lettering of poison messages, retry of transient failures."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import orjson
import pydantic
import structlog
from aiokafka import TopicPartition
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import capture_logs

from common.db import Database
from common.events import (
    Event,
    EventConsumer,
    Kafka,
    PoisonMessage,
    dlq_topic,
    once_in_postgres,
    once_in_redis,
    processed_key,
)
from common.tracking import current_track_id
from tests.events.conftest import (
    applied,
    kafka_for,
    processed,
    read_topic,
    unique_topic,
)
from tests.support.kafka import TansuBroker
from tests.support.polling import eventually
from tests.support.stores import redis_url


def envelope(n: int, *, type: str = "thing.changed", **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": type,
        "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
        "track_id": f"track-{n:08d}",
        "payload": {"n": n, **extra},
    }


async def produce(kafka: Kafka, topic: str, messages: Sequence[tuple[str, bytes]]) -> None:
    producer = kafka.producer()
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value=value, key=key.encode())
    finally:
        await producer.stop()


def consumer_for(
    kafka: Kafka, topic: str, group: str, handler: Any, **options: Any
) -> EventConsumer:
    return EventConsumer(
        [topic], group, handler, kafka=kafka, retry_initial=0.05, retry_max=0.2, **options
    )


async def count_applied(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(applied)) or 0)


async def test_killed_and_restarted_mid_stream(database: Database, broker: TansuBroker) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("stream")
    await kafka.ensure_topics([topic], partitions=2)
    keys = [f"entity-{i}" for i in range(4)]
    events = [envelope(n) for n in range(120)]
    await produce(kafka, topic, [(keys[e["payload"]["n"] % 4], orjson.dumps(e)) for e in events])

    deliveries = 0

    async def apply(session: AsyncSession, event: Event) -> None:
        await asyncio.sleep(0.005)
        await session.execute(
            insert(applied).values(event_id=event.id, key=event.key, value=event.payload["n"])
        )

    transactional = once_in_postgres(database, processed, "stream-test", apply)

    async def handle(event: Event) -> None:
        nonlocal deliveries
        deliveries += 1
        await transactional(event)

    group = f"group-{uuid.uuid4().hex[:8]}"
    first = consumer_for(kafka, topic, group, handle)
    await first.start()
    try:
        await eventually(lambda: _at_least(database, 30), within=20.0, interval=0.005)
    finally:
        await first.abort()  # mid-chunk: its offsets are not committed
    assert await count_applied(database) < len(events)

    second = consumer_for(kafka, topic, group, handle)
    await second.start()
    try:
        await eventually(lambda: _at_least(database, len(events)), within=25.0)
        await asyncio.sleep(0.3)  # nothing more arrives
    finally:
        await second.stop()

    async with database.session() as session:
        rows = (await session.execute(select(applied).order_by(applied.c.n))).all()
    assert len(rows) == len({row.event_id for row in rows}) == len(events)  # nothing twice
    assert {row.event_id for row in rows} == {e["id"] for e in events}  # nothing lost
    assert deliveries > len(events)  # the uncommitted tail was delivered again, and skipped
    per_key: dict[str, list[int]] = {}
    for row in rows:
        per_key.setdefault(row.key, []).append(row.value)
    assert all(values == sorted(values) for values in per_key.values())


async def _at_least(database: Database, count: int) -> bool:
    return await count_applied(database) >= count


class Typed(pydantic.BaseModel):
    n: int
    label: str


async def test_poison_messages_go_to_the_dlq_and_the_partition_moves_on(
    broker: TansuBroker,
) -> None:
    kafka = kafka_for(broker)
    topic = unique_topic("poison")
    await kafka.ensure_topics([topic], partitions=1)
    missing_payload = envelope(2)
    del missing_payload["payload"]
    messages = [
        orjson.dumps(envelope(0)),
        b"{not json",
        orjson.dumps(missing_payload),
        orjson.dumps(envelope(3, type="refused")),
        orjson.dumps(envelope(4, type="typed", label=7)),
        orjson.dumps(envelope(5, flaky=True)),
        orjson.dumps(envelope(6)),
    ]
    await produce(kafka, topic, [("k", m) for m in messages])

    handled: list[tuple[int, str | None, Any]] = []
    failures = 0

    async def handle(event: Event) -> None:
        nonlocal failures
        if event.type == "refused":
            raise PoisonMessage("refused by the test")
        if event.type == "typed":
            Typed.model_validate(event.payload)
        if event.payload.get("flaky") and failures < 2:
            failures += 1
            raise ConnectionError("store briefly down")
        handled.append(
            (
                event.payload["n"],
                current_track_id(),
                structlog.contextvars.get_contextvars().get("track_id"),
            )
        )

    group = f"group-{uuid.uuid4().hex[:8]}"
    consumer = consumer_for(kafka, topic, group, handle)
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        await consumer.start()
        try:
            await eventually(lambda: len(handled) == 3, within=20.0)
        finally:
            await consumer.stop()

    assert handled == [(n, f"track-{n:08d}", f"track-{n:08d}") for n in (0, 5, 6)]
    assert failures == 2
    assert current_track_id() is None  # unbound after handling
    dead = await read_topic(kafka, dlq_topic(topic), 4)
    assert [r.value for r in dead] == [messages[i] for i in (1, 2, 3, 4)]
    headers = [dict(r.headers) for r in dead]
    assert [h["dlq-error-type"] for h in headers] == [
        b"PoisonMessage",
        b"PoisonMessage",
        b"PoisonMessage",
        b"ValidationError",
    ]
    assert b"not JSON" in headers[0]["dlq-error"]
    assert b"payload" in headers[1]["dlq-error"]
    assert [h["dlq-source-offset"] for h in headers] == [b"1", b"2", b"3", b"4"]
    assert all(r.key == b"k" for r in dead)
    dead_lines = [line for line in logs if line["event"] == "event dead-lettered"]
    assert [line["offset"] for line in dead_lines] == [1, 2, 3, 4]
    assert all(line["log_level"] == "error" for line in dead_lines)
    retries = [line for line in logs if line["event"] == "event handler failed; retrying"]
    assert len(retries) == 2
    assert retries[0]["track_id"] == "track-00000005"

    checker = kafka.consumer(group_id=group)
    await checker.start()
    try:
        assert await checker.committed(TopicPartition(topic, 0)) == len(messages)
    finally:
        await checker.stop()


async def test_redis_marker_applies_once() -> None:
    redis = Redis.from_url(redis_url())
    key = processed_key("redis-test", str(uuid.uuid4()), tag="post-1")
    target = f"{{post-1}}:views:{uuid.uuid4().hex}"

    async def write(pipe: Pipeline) -> None:
        pipe.incr(target)

    try:
        assert await once_in_redis(redis, key, write, ttl_seconds=60)
        assert not await once_in_redis(redis, key, write, ttl_seconds=60)
        assert await redis.get(target) == b"1"
        assert 0 < await redis.ttl(key) <= 60
        assert key.startswith("processed:{post-1}:")
    finally:
        await redis.delete(key, target)
        await redis.aclose()

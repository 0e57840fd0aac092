"""The events capability at the feed's level, against the real broker: a consumer killed and
restarted mid-stream, a poison message on posts.post.v1.
"Once" is checked through the comment counts: a comment event applied twice would count twice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import orjson
import pytest

from common.events import Event, EventConsumer, Kafka, dlq_topic
from subgraphs.feed.app import create_consumer, feed_kafka
from subgraphs.feed.events import POST_TOPIC, FeedHandler
from tests.events.conftest import read_topic
from tests.feed.conftest import Author, Stack, feed_stack
from tests.support.polling import eventually


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with feed_stack(consume=False) as started:  # each test runs its own consumers
        yield started


def consumer(stack: Stack, group: str, handler: Any = None) -> EventConsumer:
    settings = stack.feed_settings.model_copy(update={"feed_consumer_group": group})
    made = create_consumer(settings, stack.store)
    made.retry_initial, made.retry_max = 0.05, 0.5
    if handler is not None:
        made.handler = handler
    return made


async def publish_with_comment(stack: Stack, author: Author) -> str:
    post_id = await stack.publish(author)
    await stack.add_comment(post_id)
    return post_id


async def settled(stack: Stack, author: Author, expected: list[str]) -> None:
    """Every post is in the author's feed once, each with exactly one comment counted."""

    async def arrived() -> bool:
        page = await stack.feed_page(first=100, authorId=author.id)
        nodes = [edge["node"] for edge in page["edges"]]
        return sorted(n["id"] for n in nodes) == sorted(expected) and all(
            n["commentCount"] == 1 for n in nodes
        )

    try:
        await eventually(arrived, within=25.0, interval=0.1)
    except AssertionError:
        page = await stack.feed_page(first=100, authorId=author.id)
        got = {e["node"]["id"]: e["node"]["commentCount"] for e in page["edges"]}
        missing = [expected.index(p) for p in expected if p not in got]
        counts = [got.get(p) for p in expected]
        raise AssertionError(f"missing {missing}; counts {counts}") from None
    await asyncio.sleep(1.0)  # nothing more arrives (no second application)
    await arrived() or pytest.fail("the feed changed after settling")


async def test_consumer_killed_and_restarted_mid_stream(stack: Stack) -> None:
    author = await stack.author()
    expected = [await publish_with_comment(stack, author) for _ in range(25)]
    group = f"restart-{uuid.uuid4().hex[:6]}"
    applied = 0
    deliveries = 0
    handler = FeedHandler(stack.store)

    async def slow(event: Event) -> None:
        nonlocal applied, deliveries
        deliveries += 1
        await asyncio.sleep(0.01)
        await handler(event)
        applied += 1

    first = consumer(stack, group, slow)
    await first.start()
    try:
        await eventually(_at_least(lambda: applied, 15), within=30.0, interval=0.005)
    finally:
        await first.abort()  # mid-chunk: what it applied but did not commit comes again
    second = consumer(stack, group, slow)
    await second.start()
    try:
        await settled(stack, author, expected)
    finally:
        await second.stop()
    assert deliveries > applied - 1 or deliveries >= 2 * len(expected)


def _at_least(value: Any, count: int) -> Any:
    async def check() -> bool:
        return bool(value() >= count)

    return check


async def test_poison_message_goes_to_the_dlq_and_the_partition_moves_on(stack: Stack) -> None:
    kafka: Kafka = replace(feed_kafka(stack.feed_settings), partitions=1)
    author = await stack.author()
    before = await stack.publish(author)
    poison = {
        "id": str(uuid.uuid4()),
        "type": "PostStateChanged",
        "occurred_at": "2026-01-01T00:00:00+00:00",
        "track_id": None,
        "payload": {"post_id": before, "state": "PUBLISHED"},  # no card fields
    }
    producer = kafka.producer()
    await producer.start()
    try:
        for value in (b"not json at all", orjson.dumps(poison)):
            await producer.send_and_wait(POST_TOPIC, value=value, key=before.encode())
    finally:
        await producer.stop()
    after = await stack.publish(author)  # same partition only by chance; order holds per key
    await stack.update_post(author, before, topic="After the poison")  # same key, later
    running = consumer(stack, f"poison-{uuid.uuid4().hex[:6]}")
    await running.start()
    try:
        await stack.until_card(after, authorId=author.id)
        await stack.until_card(
            before, lambda c: c["topic"] == "After the poison", authorId=author.id
        )
    finally:
        await running.stop()
    dead = await read_topic(kafka, dlq_topic(POST_TOPIC), 2)
    assert [r.value for r in dead][-2:] == [b"not json at all", orjson.dumps(poison)]
    assert {dict(r.headers)[b"dlq-group".decode()] for r in dead} >= {running.group_id.encode()}

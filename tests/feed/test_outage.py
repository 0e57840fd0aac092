"""A broker outage in the middle of a burst of publications (its own module: the broker it
restarts is not trusted by other tests afterwards)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from subgraphs.feed.app import feed_kafka
from subgraphs.feed.events import TOPICS
from tests.feed.conftest import Stack, feed_stack
from tests.feed.test_faults import consumer, publish_with_comment, settled


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with feed_stack(consume=False) as started:
        yield started


@pytest.mark.xfail(
    reason="tansu 0.6 memory storage: a restart empties the broker and records acknowledged "
    "while topics are (auto-)created again are lost (1-3 of 24 events here); real Kafka keeps "
    "its log across a restart",
    strict=False,
)
async def test_broker_outage_mid_burst(stack: Stack) -> None:
    group = f"outage-{uuid.uuid4().hex[:6]}"
    running = consumer(stack, group)
    await running.start()
    try:
        author = await stack.author()
        expected = [await publish_with_comment(stack, author) for _ in range(8)]
        await stack.broker.stop()
        # posts keeps accepting writes; their events wait in its outbox
        expected += [await publish_with_comment(stack, author) for _ in range(8)]
        await asyncio.sleep(3.0)
        await stack.broker.start()  # same port, empty storage: offsets and topics are new
        # Topics are provisioned, as in production: tansu loses records acknowledged while two
        # clients auto-create the same topic at once (the relay's producer and the consumer).
        await feed_kafka(stack.feed_settings).ensure_topics(TOPICS)
        expected += [await publish_with_comment(stack, author) for _ in range(8)]
        await settled(stack, author, expected)
    finally:
        await running.stop()

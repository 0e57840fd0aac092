"""A broker outage in the middle of a burst of publications: every post reaches the feed once.

The broker is frozen (SIGSTOP) rather than killed: tansu keeps its log in memory, so a killed
tansu comes back empty, unlike Kafka; a frozen one is unreachable for the relay and the
consumer alike (their requests hang and time out) and keeps what it acknowledged, which is what
a Kafka outage looks like to clients.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from tests.feed.conftest import Stack, feed_stack
from tests.feed.test_faults import consumer, publish_with_comment, settled


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with feed_stack(consume=False) as started:
        yield started


async def test_broker_outage_mid_burst(stack: Stack) -> None:
    running = consumer(stack, f"outage-{uuid.uuid4().hex[:6]}")
    await running.start()
    try:
        author = await stack.author()
        expected = [await publish_with_comment(stack, author) for _ in range(8)]
        stack.broker.pause()
        try:
            # posts keeps accepting writes while the broker is away; they wait in its outbox
            expected += [await publish_with_comment(stack, author) for _ in range(8)]
            await asyncio.sleep(5.0)
        finally:
            stack.broker.resume()
        expected += [await publish_with_comment(stack, author) for _ in range(8)]
        await settled(stack, author, expected)
    finally:
        await running.stop()

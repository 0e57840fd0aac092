"""The Kafka broker frozen (SIGSTOP) while writers publish: every write is acknowledged at
once (events wait in each service's outbox, not in the request), and once the broker is back
every post reaches the feed: no event is lost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from common.auth import Role
from tests.support.kafka import TansuBroker, tansu
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.polling import eventually

pytestmark = pytest.mark.timeout(180)

POSTS_WHILE_FROZEN = 5
CREATE = "mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }"
STATE = "mutation ($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }"
FEED = "query ($a: ID!) { feed(first: 50, authorId: $a) { nodes { id } } }"


@pytest.fixture
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as running:
        yield running


async def publish(platform: Platform, writer: TestUser, moderator: TestUser, topic: str) -> str:
    created = await platform.data(CREATE, {"input": {"topic": topic, "text": "x"}}, user=writer)
    post_id: str = created["createPost"]["id"]
    await platform.data(STATE, {"id": post_id, "s": "ON_MODERATION"}, user=writer)
    await platform.data(STATE, {"id": post_id, "s": "PUBLISHED"}, user=moderator)
    return post_id


async def feed_ids(platform: Platform, author: TestUser) -> set[str]:
    data = await platform.data(FEED, {"a": author.id})
    return {node["id"] for node in data["feed"]["nodes"]}


async def test_writes_during_a_broker_freeze_are_acknowledged_and_none_is_lost(
    broker: TansuBroker,
) -> None:
    async with start_platform(kafka=broker.bootstrap) as platform:
        writer = await platform.new_user(Role.WRITER)
        moderator = await platform.new_user(Role.MODERATOR)
        first = await publish(platform, writer, moderator, "before the freeze")

        async def seen_first() -> bool:
            return first in await feed_ids(platform, writer)

        await eventually(seen_first, within=30, what="the feed consuming")

        broker.pause()
        try:
            # acknowledged while the broker cannot answer: a write that waited on it would hang
            # here until the deadline (the broker resumes only after these writes)
            async with asyncio.timeout(120):
                frozen = [
                    await publish(platform, writer, moderator, f"during the freeze {i}")
                    for i in range(POSTS_WHILE_FROZEN)
                ]
            assert not set(frozen) & await feed_ids(platform, writer)  # nothing flowed meanwhile
        finally:
            broker.resume()

        async def all_arrived() -> bool:
            return set(frozen) <= await feed_ids(platform, writer)

        await eventually(all_arrived, within=45, what="every post written during the freeze")

"""The feed heals itself when Redis loses its data (subgraphs/feed/generation.py): on start, and
while it runs, a store without a complete generation is rebuilt from posts and profiles.

These tests run the feed on a private redis-server (tests/support/redis_server.py) that they
restart or flush, with its consumer off: whatever the feed shows comes from a rebuild.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
import pytest

from common.auth import Role
from common.redis import connect
from common.service import running
from subgraphs.feed import generation
from subgraphs.feed.app import create_app as create_feed
from tests.feed.conftest import KEYS, OWNER_ID, Stack, bearer, feed_stack
from tests.support.polling import eventually
from tests.support.redis_server import RedisServer, redis_server

FEED_IDS = "{ feed(first: 100) { edges { node { id } } } }"


@pytest.fixture(scope="module")
async def server() -> AsyncIterator[RedisServer]:
    async with redis_server() as started:
        yield started


@pytest.fixture(scope="module")
async def stack(server: RedisServer) -> AsyncIterator[Stack]:
    async with feed_stack(
        consume=False, redis_url=server.url, feed_generation_check_seconds=0.2
    ) as started:
        yield started


async def feed_shows(stack: Stack, post_ids: list[str]) -> None:
    async def shown() -> bool:
        return set(post_ids) <= set(await stack.feed_ids())

    await eventually(shown, within=30.0)


async def test_a_restarted_empty_redis_is_rebuilt_while_the_feed_runs(
    stack: Stack, server: RedisServer
) -> None:
    await eventually(lambda: generation.current(stack.redis), within=30.0)  # the start-up rebuild
    author = await stack.author()
    posts = [await stack.publish(author) for _ in range(3)]
    assert not set(posts) & set(await stack.feed_ids())  # no consumer: the feed does not know

    await server.restart()  # Redis comes back empty: no marker, no cards
    await feed_shows(stack, posts)
    await stack.until_card(posts[0], lambda card: card["authorLogin"] == author.login)
    assert await generation.current(stack.redis) is not None


async def test_a_flushed_redis_is_rebuilt(stack: Stack) -> None:
    author = await stack.author()
    post = await stack.publish(author)
    await feed_shows(stack, [])  # the feed answers (whatever it holds)
    await stack.redis.flushdb()
    await feed_shows(stack, [post])


async def test_a_marker_of_another_layout_means_a_rebuild(stack: Stack) -> None:
    # (a rebuild started by an earlier test may still be finishing: its marker comes last)
    marker = await eventually(lambda: generation.current(stack.redis), within=30.0)
    author = await stack.author()
    post = await stack.publish(author)
    stale = {**marker.__dict__, "layout": generation.LAYOUT - 1}
    await stack.redis.set(generation.MARKER, orjson.dumps(stale))
    await feed_shows(stack, [post])

    async def renewed() -> bool:
        marker = await generation.current(stack.redis)
        return marker is not None and marker.layout == generation.LAYOUT

    await eventually(renewed)


async def test_an_empty_store_is_rebuilt_when_the_feed_starts(
    stack: Stack, server: RedisServer
) -> None:
    author = await stack.author()
    post = await stack.publish(author)
    redis = connect(server.url.replace("/0", "/3"), decode_responses=True)
    try:
        await redis.flushdb()
        settings = stack.feed_settings.model_copy(
            update={"redis_url": server.url.replace("/0", "/3"), "feed_consume": False}
        )
        async with running(
            create_feed(settings, verifier=KEYS.verifier()), free_ports=True
        ) as feed:

            async def rebuilt() -> bool:
                data = await stack.gql(feed.graphql_url, FEED_IDS)
                return post in [edge["node"]["id"] for edge in data["feed"]["edges"]]

            await eventually(rebuilt, within=30.0)
    finally:
        await redis.flushdb()
        await redis.aclose()


async def test_one_rebuild_at_a_time(stack: Stack) -> None:
    async with generation.lease(stack.redis) as held:
        response = await stack.http.post(
            stack.feed.graphql_url,
            json={"query": "mutation { rebuildFeed { posts } }"},
            headers=bearer(OWNER_ID, Role.OWNER),
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "CONFLICT"
        await stack.redis.delete(generation.MARKER)
        await asyncio.sleep(1.0)  # five checks of the healer: it leaves the running rebuild be
        assert await stack.redis.get(generation.MARKER) is None
        # ... and a rebuild that lost its lock (Redis flushed under it) marks nothing
        await stack.redis.delete(generation.LOCK)
        assert await held.complete(posts=0) is None
        assert await stack.redis.get(generation.MARKER) is None
    await eventually(lambda: generation.current(stack.redis), within=30.0)


async def test_a_rebuild_cancelled_as_it_lets_go_of_the_lock_stops(stack: Stack) -> None:
    """The healer's stop() cancels a rebuild; landing while the lease's finally waited for its
    lock keeper, the cancellation was taken for the keeper's own and swallowed, the healer
    loop went on and stop() waited forever (a teardown hang in one full run)."""
    holding, let_go = asyncio.Event(), asyncio.Event()
    after: list[str] = []

    async def rebuild() -> None:
        async with generation.lease(stack.redis, wait=30.0):
            holding.set()
            await let_go.wait()
        after.append("went on after its cancellation")
        await asyncio.sleep(3600)

    task = asyncio.create_task(rebuild())
    await asyncio.wait_for(holding.wait(), 30.0)
    let_go.set()
    await asyncio.sleep(0)  # the rebuild leaves its block and waits for the keeper to stop
    task.cancel()
    done, _ = await asyncio.wait([task], timeout=10.0)
    assert after == []
    assert task in done
    assert task.cancelled()

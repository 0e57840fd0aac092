"""Redis down (a redis-server of this test's own, killed): feed reads fail at once with a
clear code, authenticated requests are refused UNAVAILABLE (the revocation list cannot be
read: fail closed), and everything that does not need Redis goes on; once Redis is back, the
feed answers again and clients get in again with one refresh."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from common.auth import Role
from tests.support import stores
from tests.support.platform import Platform, start_platform
from tests.support.redis_server import RedisServer, redis_server

pytestmark = pytest.mark.timeout(180)

FEED = "query { feed(first: 5) { nodes { id } } }"
POSTS = "query { posts(first: 5) { nodes { id topic } } }"
ME = "query { me { id } }"
REFRESH = "mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }"


@pytest.fixture
async def redis(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[RedisServer]:
    async with redis_server() as server:
        monkeypatch.setattr(stores, "REDIS_BASE", f"redis://127.0.0.1:{server.port}")
        yield server


def codes(body: dict[str, Any]) -> set[str]:
    return {str((e.get("extensions") or {}).get("code")) for e in body.get("errors") or []}


async def timed(platform: Platform, query: str, **kwargs: Any) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    body = await platform.gql(query, **kwargs)
    return time.perf_counter() - started, body


async def test_redis_down_fails_feed_reads_clearly_and_nothing_else(redis: RedisServer) -> None:
    async with start_platform() as platform:
        reader = await platform.new_user(Role.READER)
        for query in (FEED, POSTS, ME):
            body = await platform.gql(query, user=reader)
            assert not body.get("errors"), body

        await redis.stop()
        seconds, body = await timed(platform, FEED)
        print("feed", seconds, body)
        seconds, body = await timed(platform, POSTS)
        print("posts", seconds, body)
        seconds, body = await timed(platform, ME, user=reader)
        print("me", seconds, body)

        await redis.start()
        seconds, body = await timed(platform, FEED)
        print("feed after", seconds, body)
        seconds, body = await timed(platform, ME, user=reader)
        print("me after", seconds, body)
        body = await platform.gql(REFRESH, {"t": reader.refresh_token})
        print("refresh", body)

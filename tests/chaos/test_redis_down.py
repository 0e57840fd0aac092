"""Redis down (a redis-server of this test's own, killed, then started again empty): feed
reads fail at once with UNAVAILABLE, authenticated requests are refused UNAVAILABLE (the
revocation list cannot be read: fail closed, README "When Redis restarts"), and what does not
need Redis goes on (anonymous reads of posts and tags; the router's activity reports to
sessions are dropped, not waited on). Sign-up and log-in need Redis too (auth's throttles) and
refuse UNAVAILABLE as quickly. Once Redis is back the feed answers again and a client
gets in again with one refresh (its old access token is refused: the revocation list came back
empty)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from common.auth import Role
from tests.support import stores
from tests.support.platform import PASSWORD, Platform, start_platform
from tests.support.polling import eventually
from tests.support.redis_server import RedisServer, redis_server

pytestmark = pytest.mark.timeout(180)

FEED = "query { feed(first: 5) { nodes { id } } }"
POSTS = "query { posts(first: 5) { nodes { id topic } } tags(first: 5) { nodes { name } } }"
LOGIN = "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
ME = "query { me { id } }"
REFRESH = "mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }"
SIGN_UP = f"""mutation ($email: String!, $login: String!) {{
  signUp(email: $email, password: "{PASSWORD}", login: $login) {{ user {{ id }} }}
}}"""
FAST = 10.0  # seconds: a clear error at once, not the router's timeout (30 s in tests)


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
        for _ in range(3):
            seconds, body = await timed(platform, FEED)
            assert codes(body) == {"UNAVAILABLE"}, body
            assert seconds < FAST, f"the feed took {seconds:.1f} s to fail"
        seconds, body = await timed(platform, POSTS)
        assert not body.get("errors"), body
        assert body["data"]["posts"] is not None
        seconds, body = await timed(platform, ME, user=reader)
        assert codes(body) == {"UNAVAILABLE"}, body  # fail closed, and says so
        assert seconds < FAST
        for query, variables in (
            (SIGN_UP, {"email": f"down.{uuid.uuid4().hex[:8]}@example.com", "login": "down"}),
            (LOGIN, {"e": reader.email, "p": reader.password}),
        ):
            seconds, body = await timed(platform, query, variables=variables)
            assert codes(body) == {"UNAVAILABLE"}, body
            assert seconds < FAST

        await redis.start()

        async def feed_back() -> bool:
            return not (await platform.gql(FEED)).get("errors")

        await eventually(feed_back, within=15, what="the feed answering again")
        body = await platform.gql(ME, user=reader)
        assert codes(body) == {"UNAUTHENTICATED"}, body  # revocations forgotten: refuse
        refreshed = await platform.data(REFRESH, {"t": reader.refresh_token})
        token = refreshed["refreshToken"]["accessToken"]
        body = await platform.gql(ME, token=token)
        assert body["data"]["me"]["id"] == reader.id, body

"""Automatic persisted queries over HTTP (Apollo APQ), in memory and in Redis."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import orjson
import pytest
import redis

from router.settings import load_settings
from tests.router.http.harness import RouterFactory
from tests.support.redis_server import redis_server
from tests.support.stores import redis_url

QUERY = "{ hello }"
SHA = hashlib.sha256(QUERY.encode()).hexdigest()


def _ext(sha: str = SHA, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def _code(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_apq_round_trip(make_router: RouterFactory) -> None:
    async with make_router() as r:
        miss = await r.client.post("/graphql", json={"extensions": _ext()})
        register = await r.client.post("/graphql", json={"query": QUERY, "extensions": _ext()})
        hit = await r.client.post("/graphql", json={"extensions": _ext()})
        get_hit = await r.client.get(
            "/graphql", params={"extensions": orjson.dumps(_ext()).decode()}
        )
    assert miss.status_code == 200
    assert _code(miss) == "PERSISTED_QUERY_NOT_FOUND"
    assert miss.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert register.json() == {"data": {"hello": "hello world"}}
    assert hit.json() == {"data": {"hello": "hello world"}}
    assert get_hit.json() == {"data": {"hello": "hello world"}}


async def test_apq_hash_mismatch_is_rejected(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post(
            "/graphql", json={"query": "{ me { id } }", "extensions": _ext()}
        )
        after = await r.client.post("/graphql", json={"extensions": _ext()})
        assert r.engine.seen_headers == []
    assert response.status_code == 400
    assert _code(response) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert _code(after) == "PERSISTED_QUERY_NOT_FOUND"  # nothing was stored


@pytest.mark.parametrize(
    "extensions",
    [_ext(version=2), _ext(sha="zz"), {"persistedQuery": "yes"}],
)
async def test_apq_bad_extension(make_router: RouterFactory, extensions: dict[str, Any]) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json={"query": QUERY, "extensions": extensions})
    assert response.status_code == 400
    assert _code(response) == "PERSISTED_QUERY_NOT_SUPPORTED"


async def test_apq_switched_off(make_router: RouterFactory) -> None:
    async with make_router(load_settings(apq={"enabled": False})) as r:
        response = await r.client.post("/graphql", json={"extensions": _ext()})
    assert response.status_code == 400
    assert _code(response) == "BAD_REQUEST"


async def test_apq_in_redis_is_shared_between_routers(make_router: RouterFactory) -> None:
    url = redis_url()  # the tests' Redis (TEST_REDIS_URL), never skipped
    prefix = f"test:apq:{uuid.uuid4()}:"
    settings = load_settings(redis_url=url, apq={"redis_key_prefix": prefix})
    async with make_router(settings) as one:
        await one.client.post("/graphql", json={"query": QUERY, "extensions": _ext()})
    async with make_router(settings) as two:
        hit = await two.client.post("/graphql", json={"extensions": _ext()})
    client = redis.Redis.from_url(url)
    try:
        assert client.get(prefix + SHA) == QUERY.encode()
        assert 0 < client.ttl(prefix + SHA) <= 86400
    finally:
        client.delete(prefix + SHA)
        client.close()
    assert hit.json() == {"data": {"hello": "hello world"}}


async def test_apq_after_a_redis_restart_asks_for_the_query_again(
    make_router: RouterFactory,
) -> None:
    """Persisted queries in Redis are a cache, lost on a restart by decision: the next hash-only
    request answers PERSISTED_QUERY_NOT_FOUND (never a 500) and the client's resend stores the
    query again, which is the APQ protocol's ordinary path."""
    async with redis_server() as server:
        settings = load_settings(redis_url=server.url, apq={"redis_key_prefix": "test:apq:"})
        async with make_router(settings) as r:
            await r.client.post("/graphql", json={"query": QUERY, "extensions": _ext()})
            await server.restart()
            miss = await r.client.post("/graphql", json={"extensions": _ext()})
            resent = await r.client.post("/graphql", json={"query": QUERY, "extensions": _ext()})
            hit = await r.client.post("/graphql", json={"extensions": _ext()})
    assert miss.status_code == 200
    assert _code(miss) == "PERSISTED_QUERY_NOT_FOUND"
    assert resent.json() == {"data": {"hello": "hello world"}}
    assert hit.json() == {"data": {"hello": "hello world"}}

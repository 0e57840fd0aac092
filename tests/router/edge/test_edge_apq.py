"""Persisted-query resolution and the in-memory LRU store."""

from __future__ import annotations

import hashlib

import pytest

from router.edge.apq import MemoryApqStore, PersistedQueries, RedisApqStore
from router.edge.errors import (
    PersistedQueryHashMismatch,
    PersistedQueryNotFound,
    PersistedQueryNotSupported,
)


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def _ext(sha: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


async def test_plain_requests_pass_through() -> None:
    apq = PersistedQueries(MemoryApqStore(4))
    assert await apq.resolve("{ a }", None) == "{ a }"
    assert await apq.resolve("{ a }", {"other": 1}) == "{ a }"
    assert await apq.resolve(None, None) is None


async def test_register_then_lookup_is_case_insensitive_on_hash() -> None:
    apq = PersistedQueries(MemoryApqStore(4))
    sha = _sha("{ a }")
    with pytest.raises(PersistedQueryNotFound):
        await apq.resolve(None, _ext(sha))
    assert await apq.resolve("{ a }", _ext(sha.upper())) == "{ a }"
    assert await apq.resolve(None, _ext(sha)) == "{ a }"


async def test_mismatch_and_bad_versions() -> None:
    apq = PersistedQueries(MemoryApqStore(4))
    with pytest.raises(PersistedQueryHashMismatch):
        await apq.resolve("{ b }", _ext(_sha("{ a }")))
    with pytest.raises(PersistedQueryNotSupported):
        await apq.resolve("{ a }", {"persistedQuery": {"version": 2, "sha256Hash": _sha("{ a }")}})
    with pytest.raises(PersistedQueryNotSupported):
        await apq.resolve("{ a }", {"persistedQuery": {"version": 1}})


async def test_lru_evicts_least_recently_used() -> None:
    store = MemoryApqStore(2)
    await store.set("a", "A")
    await store.set("b", "B")
    assert await store.get("a") == "A"  # a is now the most recent
    await store.set("c", "C")
    assert len(store) == 2
    assert await store.get("b") is None
    assert await store.get("a") == "A"
    assert await store.get("c") == "C"


async def test_redis_failure_degrades_to_not_found() -> None:
    store = RedisApqStore("redis://127.0.0.1:9/0", ttl_seconds=10, key_prefix="t:")
    try:
        await store.set("x", "{ a }")
        assert await store.get("x") is None
    finally:
        await store.aclose()

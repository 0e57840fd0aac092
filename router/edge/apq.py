"""Automatic persisted queries (Apollo APQ protocol).

A request may carry ``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}``:
- hash only, known     -> run the stored query;
- hash only, unknown   -> ``PERSISTED_QUERY_NOT_FOUND`` (HTTP 200); the client resends with
  the query;
- hash + query         -> the hash must be the SHA-256 of the query (else
  ``PERSISTED_QUERY_HASH_MISMATCH``, HTTP 400); the query is stored, then run.
Storage is an in-memory LRU, or Redis (redis-py asyncio) when a ``REDIS_URL`` is configured.
Either is a cache: a Redis restart (or failure) empties it and the next hash-only request gets
``PERSISTED_QUERY_NOT_FOUND``, so the client resends the query: the protocol's ordinary path.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any, Protocol

import structlog

from router.edge.errors import (
    PersistedQueryHashMismatch,
    PersistedQueryNotFound,
    PersistedQueryNotSupported,
)
from router.lru import LRUCache

__all__ = ["ApqStore", "MemoryApqStore", "PersistedQueries", "RedisApqStore"]

_HEX64 = re.compile(r"[0-9a-f]{64}")
log = structlog.get_logger(__name__)


class ApqStore(Protocol):
    async def get(self, sha256: str) -> str | None: ...
    async def set(self, sha256: str, query: str) -> None: ...
    async def aclose(self) -> None: ...


class MemoryApqStore:
    """Bounded LRU; single event loop, so no locking is needed."""

    def __init__(self, max_entries: int) -> None:
        self._entries: LRUCache[str, str] = LRUCache(max_entries)

    async def get(self, sha256: str) -> str | None:
        return self._entries.get(sha256)

    async def set(self, sha256: str, query: str) -> None:
        self._entries.put(sha256, query)

    def __len__(self) -> int:
        return len(self._entries)

    async def aclose(self) -> None:
        return None


class RedisApqStore:
    """Shared across router replicas; a Redis failure degrades to "not found", never to a 500."""

    def __init__(self, url: str, *, ttl_seconds: int, key_prefix: str) -> None:
        from common.redis import connect

        self._redis = connect(url, decode_responses=True)  # a Sentinel URL works here too
        self._ttl = ttl_seconds
        self._prefix = key_prefix

    async def get(self, sha256: str) -> str | None:
        try:
            value = await self._redis.get(self._prefix + sha256)
        except Exception as exc:
            log.warning("apq.redis_get_failed", error=str(exc))
            return None
        return value if isinstance(value, str) else None

    async def set(self, sha256: str, query: str) -> None:
        try:
            await self._redis.set(self._prefix + sha256, query, ex=self._ttl)
        except Exception as exc:
            log.warning("apq.redis_set_failed", error=str(exc))

    async def aclose(self) -> None:
        await self._redis.aclose()


class PersistedQueries:
    def __init__(self, store: ApqStore) -> None:
        self.store = store

    async def resolve(self, query: str | None, extensions: Mapping[str, Any] | None) -> str | None:
        """The query text to run (``query`` itself when the request does not use APQ)."""
        persisted = extensions.get("persistedQuery") if extensions else None
        if persisted is None:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise PersistedQueryNotSupported("Unsupported persisted query version")
        sha = persisted.get("sha256Hash")
        if not isinstance(sha, str) or not _HEX64.fullmatch(sha.lower()):
            raise PersistedQueryNotSupported("persistedQuery.sha256Hash must be 64 hex digits")
        sha = sha.lower()
        if query is None:
            stored = await self.store.get(sha)
            if stored is None:
                raise PersistedQueryNotFound("PersistedQueryNotFound")
            return stored
        if hashlib.sha256(query.encode("utf-8")).hexdigest() != sha:
            raise PersistedQueryHashMismatch("provided sha does not match query")
        await self.store.set(sha, query)
        return query

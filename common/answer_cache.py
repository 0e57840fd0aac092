"""Answers of anonymous queries kept by request body and the version of the data they read.

A service whose public answers depend only on its own store (the feed: a read model written by
its event consumer) gives a `version()` that changes after every write, read from the shared
store on each request. An answer is served only under the version it was computed at, so a
write is visible on the next request in every worker process and replica: a worker's copy is
never trusted past the shared version. A version that is missing (the store was flushed, or
nothing was written yet) disables the cache rather than guess.

Versions are random tokens, not counters: a counter restarting at 1 after a Redis flush would
make an old in-process answer current again.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import Counter

__all__ = ["AnswerCache", "RedisVersion"]

ANSWER_CACHE = Counter(
    "indefinite_answer_cache_total", "Anonymous answers served from cache", ["service", "result"]
)


class AnswerCache:
    def __init__(
        self, service: str, version: Callable[[], Awaitable[str | None]], *, maxsize: int = 512
    ) -> None:
        self.version = version
        self._maxsize = maxsize
        self._entries: OrderedDict[bytes, tuple[str, bytes]] = OrderedDict()
        self._hits = ANSWER_CACHE.labels(service, "hit")
        self._misses = ANSWER_CACHE.labels(service, "miss")

    def get(self, body: bytes, version: str) -> bytes | None:
        entry = self._entries.get(body)
        if entry is None or entry[0] != version:
            self._misses.inc()
            return None
        self._entries.move_to_end(body)
        self._hits.inc()
        return entry[1]

    def put(self, body: bytes, version: str, answer: bytes) -> None:
        self._entries[body] = (version, answer)
        self._entries.move_to_end(body)
        if len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)


class RedisVersion:
    """The version as one Redis string: `current()` on every cached read, `bump()` after every
    write (after it, never before: a read between a bump and its write would cache the old
    data under the new version)."""

    def __init__(self, redis: Any, key: str) -> None:
        self.r = redis
        self.key = key

    async def current(self) -> str | None:
        value = await self.r.get(self.key)
        return None if value is None else str(value)

    async def bump(self) -> None:
        await self.r.set(self.key, uuid.uuid4().hex)

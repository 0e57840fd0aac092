"""In-flight deduplication of identical subgraph requests (Hive's ``executors/dedupe.rs``).

While a request to a subgraph is in flight, an identical one (same subgraph, same body bytes,
same forwarded headers) waits for its answer instead of being sent again. Only queries are
deduplicated: mutations and subscriptions always go out. The shared answer is the raw HTTP
status and body, which every waiter decodes on its own, so no two requests ever share (and
mutate) the same dicts.

The shared call runs as its own task: a waiter that is cancelled (its client went away) does not
cancel the call for the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Generic, TypeVar

__all__ = ["InflightDedupe", "dedupe_key", "operation_kind"]

T = TypeVar("T")

_KINDS: dict[str, str] = {}


def operation_kind(query: object) -> str | None:
    """``query``, ``mutation`` or ``subscription`` for a subgraph operation text (cached).

    Subgraph operations are printed by the planner: they start with the keyword, or with ``{``
    for an anonymous query. Anything else is ``None`` (and never deduplicated).
    """
    if not isinstance(query, str):
        return None
    kind = _KINDS.get(query)
    if kind is None:
        text = query.lstrip()
        if text.startswith("{"):
            kind = "query"
        else:
            word = text.split(None, 1)[0].split("(", 1)[0].split("{", 1)[0] if text else ""
            kind = word if word in ("query", "mutation", "subscription") else ""
        if len(_KINDS) > 10_000:
            _KINDS.clear()
        _KINDS[query] = kind
    return kind or None


def dedupe_key(
    subgraph: str, payload: bytes, headers: Mapping[str, str], ignore: frozenset[str]
) -> Hashable:
    """What makes two requests identical: subgraph, body bytes and the forwarded headers."""
    if not headers:
        return (subgraph, payload)
    kept = tuple(sorted((k.lower(), v) for k, v in headers.items() if k.lower() not in ignore))
    return (subgraph, payload, kept)


class InflightDedupe(Generic[T]):
    """Runs ``call`` once per key among the concurrent callers; all of them get its result."""

    __slots__ = ("_inflight", "calls", "shared")

    def __init__(self) -> None:
        self._inflight: dict[Hashable, asyncio.Task[T]] = {}
        self.calls = 0
        """Calls actually made."""
        self.shared = 0
        """Callers that got an in-flight call's answer instead of making their own."""

    def __len__(self) -> int:
        return len(self._inflight)

    async def run(self, key: Hashable, call: Callable[[], Awaitable[T]]) -> T:
        task = self._inflight.get(key)
        if task is None:
            self.calls += 1
            task = asyncio.ensure_future(call())
            self._inflight[key] = task
            task.add_done_callback(lambda t: self._done(key, t))
        else:
            self.shared += 1
        return await asyncio.shield(task)

    def _done(self, key: Hashable, task: asyncio.Task[T]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled():
            task.exception()  # retrieved: every waiter may have gone away

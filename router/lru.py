"""The one bounded least-recently-used map behind every in-memory cache of the router: parsed
documents, query plans, ``@skip``/``@include`` variable lists, persisted queries, verified tokens.

An ``OrderedDict`` underneath (its C implementation keeps a hit on the hot path cheap): a hit
moves the key to the end, an insert beyond ``size`` drops the oldest. One event loop uses it, so
there is no locking. A size of 0 keeps nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["LRUCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRUCache(Generic[K, V]):
    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def put(self, key: K, value: V) -> None:
        if self.size == 0:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def pop(self, key: K) -> V | None:
        """Forget ``key`` (e.g. an entry found stale); its value, or None."""
        return self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)

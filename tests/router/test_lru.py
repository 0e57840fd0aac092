"""The router's one LRU map (documents, plans, persisted queries, tokens)."""

from __future__ import annotations

from router.lru import LRUCache


def test_a_hit_is_kept_and_the_oldest_goes() -> None:
    cache: LRUCache[str, int] = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)
    assert cache.pop("a") == 1
    assert cache.pop("a") is None
    assert len(cache) == 1


def test_size_zero_keeps_nothing() -> None:
    cache: LRUCache[str, int] = LRUCache(0)
    cache.put("a", 1)
    assert (cache.get("a"), len(cache)) == (None, 0)

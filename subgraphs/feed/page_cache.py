"""The feed's public pages, served from memory until the read model changes.

The feed is a read model written only by its event consumer and by rebuilds; its anonymous
answers (pages of cards, comment counts) depend on nothing else. So every write of
FeedStore (`@bumps`: applying an event, a rebuild's replay, a clear) is followed by a new
version in Redis (`feed:version`, a random token: common.answer_cache), and an anonymous query
is answered from the worker's copy while the version it was computed at is current. A new,
edited or deleted post, a comment, a renamed tag or author: the store writes, then bumps, and
the next request computes afresh. Whatever writes the model must go through a `@bumps` method
(a new write path that does not is served stale: tests/feed/test_page_cache.py shows how).

A `rebuild --clear` removes the version with the rest of `feed:*`; until the rebuild bumps,
nothing is cached.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from common.answer_cache import AnswerCache, RedisVersion
from subgraphs.feed import models

__all__ = ["VERSION", "bumps", "page_cache", "version_of"]

VERSION = f"{models.PREFIX}:version"
T = TypeVar("T")
P = ParamSpec("P")
StoreT = TypeVar("StoreT", bound="_Store")


def version_of(redis: Any) -> RedisVersion:
    return RedisVersion(redis, VERSION)


def page_cache(redis: Any, *, size: int) -> AnswerCache | None:
    """The anonymous answer cache over `feed:version` (None when `size` is 0)."""
    return AnswerCache("feed", version_of(redis).current, maxsize=size) if size > 0 else None


class _Store(Protocol):
    r: Any


def bumps(
    write: Callable[Concatenate[StoreT, P], Awaitable[T]],
) -> Callable[Concatenate[StoreT, P], Awaitable[T]]:
    """A FeedStore write, followed by a new version whatever it wrote (even when it failed
    half-way: a retry writes again and bumps again)."""

    @functools.wraps(write)
    async def run(store: StoreT, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return await write(store, *args, **kwargs)
        finally:
            await version_of(store.r).bump()

    return run

"""The feed's public pages, served from memory until the read model changes.

The feed is a read model written only by its event consumer and by rebuilds; its anonymous
answers (pages of cards, comment counts) depend on nothing else. So every write is followed by
a new version in Redis (`feed:version`, a random token: common.answer_cache), and an anonymous
query is answered from the worker's copy while the version it was computed at is current. A
new, edited or deleted post, a comment, a renamed tag or author: the consumer applies the event,
then bumps, and the next request computes afresh. The bump comes after the write, even when the
write failed half-way (a retry writes again and bumps again).

A `rebuild --clear` removes the version with the rest of `feed:*`; until the rebuild bumps,
nothing is cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from common.answer_cache import AnswerCache, RedisVersion
from common.events import Event, Handler
from subgraphs.feed import models

__all__ = ["VERSION", "bump_after", "bumping", "page_cache", "version_of"]

VERSION = f"{models.PREFIX}:version"
T = TypeVar("T")


def version_of(redis: Any) -> RedisVersion:
    return RedisVersion(redis, VERSION)


def page_cache(redis: Any, *, size: int) -> AnswerCache | None:
    """The anonymous answer cache over `feed:version` (None when `size` is 0)."""
    return AnswerCache("feed", version_of(redis).current, maxsize=size) if size > 0 else None


def bumping(handler: Handler, version: RedisVersion) -> Handler:
    """The consumer's handler, followed by a new version whatever it wrote."""

    async def handle(event: Event) -> None:
        try:
            await handler(event)
        finally:
            await version.bump()

    return handle


def bump_after(
    write: Callable[..., Awaitable[T]], version: RedisVersion
) -> Callable[..., Awaitable[T]]:
    """A rebuild (or any other write of the model), followed by a new version."""

    async def run(*args: Any, **kwargs: Any) -> T:
        try:
            return await write(*args, **kwargs)
        finally:
            await version.bump()

    return run

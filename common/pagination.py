"""Relay cursor pagination shared by every list: opaque cursors over keyset positions.

A cursor is the url-safe base64 of a JSON array (the sort key of the last row seen), so pages
stay stable while rows are inserted, and any service can page any ordered key.

A service's list method returns a ``Page`` of (cursor, item) pairs; its schema turns that into a
Relay ``Connection`` with ``page.connection(convert)``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
import strawberry

from common.errors import BadUserInput

T = TypeVar("T")
N = TypeVar("N")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(key))).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise BadUserInput("Invalid cursor", argument="after") from exc
    if not isinstance(values, list) or len(values) != arity:
        raise BadUserInput("Invalid cursor", argument="after")
    return values


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 1 or first > MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 1 and {MAX_PAGE_SIZE}", argument="first")
    return first


@strawberry.federation.type(shareable=True)
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: (cursor, item) pairs in order, and where the next page starts.

    ``end_cursor`` is usually the last item's cursor; a store that skips entries it looked at
    (the feed drops stale cards) sets it past them, so the next page does not see them again.
    """

    items: list[tuple[str, T]]
    has_next_page: bool
    end_cursor: str | None

    @classmethod
    def from_rows(cls, rows: list[tuple[str, T]], size: int) -> Page[T]:
        """From up to ``size + 1`` rows fetched in order: one more than ``size`` means a next
        page."""
        items = rows[:size]
        return cls(items, len(rows) > size, items[-1][0] if items else None)

    def connection(self, convert: Callable[[T], N]) -> Connection[N]:
        """The Relay connection of this page, each item turned into its GraphQL node."""
        return Connection(
            edges=[Edge(cursor=cursor, node=convert(item)) for cursor, item in self.items],
            page_info=PageInfo(has_next_page=self.has_next_page, end_cursor=self.end_cursor),
        )

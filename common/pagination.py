"""Relay cursor pagination shared by every list: opaque cursors over keyset positions.

A cursor is the url-safe base64 of a JSON array (the sort key of the last row seen), so pages
stay stable while rows are inserted, and any service can page any ordered key.
"""

from __future__ import annotations

import base64
from typing import Any, Generic, TypeVar

import orjson
import strawberry

from common.errors import BadUserInput

T = TypeVar("T")

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


def connection(rows: list[tuple[str, T]], size: int) -> Connection[T]:
    """Build a page from up to `size + 1` (cursor, node) rows fetched in order."""
    page = rows[:size]
    edges = [Edge(cursor=cursor, node=node) for cursor, node in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size, end_cursor=edges[-1].cursor if edges else None
        ),
    )

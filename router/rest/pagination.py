"""Upstream's ``offset``/``limit`` over our Relay connections.

No subgraph takes an offset (lists are keyset cursors, ``first`` at most 100), so the shim walks
pages: it asks for ``first = min(100, still needed)`` with ``after = endCursor`` until it holds
``offset + limit`` items or the connection ends, then slices. The cost grows with ``offset``, which
is why the route table bounds it (``MAX_OFFSET``); upstream's clients page 5-50 items deep. A
page without items ends the walk, so at most ``offset + limit`` pages are asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from router.rest.problems import Problem
from router.rest.spec import Call, Kind, Param

__all__ = ["MAX_LIMIT", "MAX_OFFSET", "PAGE_PARAMS", "walk"]

PAGE_SIZE = 100  # common.pagination.MAX_PAGE_SIZE
MAX_OFFSET = 10_000
MAX_LIMIT = 10_000

PAGE_PARAMS = (
    Param(
        "offset", Kind.INT, default=0, minimum=0, maximum=MAX_OFFSET, description="Items to skip."
    ),
    Param(
        "limit",
        Kind.INT,
        default=50,
        minimum=0,
        maximum=MAX_LIMIT,
        description="Page size (upstream clients ask for pageSize + 1 to see a next page).",
    ),
)

Locate = Callable[[dict[str, Any]], Mapping[str, Any] | None]


async def walk(
    call: Call,
    document: str,
    variables: Mapping[str, Any],
    locate: Locate,
    *,
    offset: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Nodes ``offset .. offset+limit`` of the connection ``locate(data)`` finds (None: 404).

    ``document`` must take ``$first: Int`` and ``$after: String`` and select
    ``edges { node { ... } } pageInfo { hasNextPage endCursor }`` on the connection.
    """
    wanted = offset + limit
    nodes: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        first = max(1, min(PAGE_SIZE, wanted - len(nodes)))
        data = await call.gql(document, {**variables, "first": first, "after": after})
        connection = locate(data)
        if connection is None:
            raise Problem(404, "Not found")
        edges = connection["edges"]
        nodes.extend(edge["node"] for edge in edges)
        info = connection["pageInfo"]
        if len(nodes) >= wanted or not edges or not info["hasNextPage"] or not info["endCursor"]:
            break  # (a page without edges ends the walk: every page must make progress)
        after = info["endCursor"]
    return nodes[offset:wanted]

"""The shim's offset/limit walk over a Relay connection (pure logic: scripted GraphQL answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from router.rest.pagination import walk
from router.rest.spec import Auth, Call, Reply, Route


async def _unused(call: Call) -> Reply:
    raise AssertionError("not called")


ROUTE = Route("GET", ("/things",), "things", "Things.", Auth.ANONYMOUS, _unused)


def scripted(pages: list[dict[str, Any]], asked: list[Mapping[str, Any]]) -> Call:
    """A Call whose operations answer the connection pages in turn (the last one repeats)."""

    async def execute(
        document: str, variables: Mapping[str, Any], retry_anonymous: bool
    ) -> dict[str, Any]:
        asked.append(dict(variables))
        await asyncio.sleep(0)  # a real call yields to the loop
        return {"data": {"c": pages[min(len(asked), len(pages)) - 1]}}

    return Call(ROUTE, {}, {}, {}, None, execute)


def _page(ids: list[str], more: bool, cursor: str | None) -> dict[str, Any]:
    return {
        "edges": [{"node": {"id": i}} for i in ids],
        "pageInfo": {"hasNextPage": more, "endCursor": cursor},
    }


async def test_pages_are_walked_to_offset_plus_limit() -> None:
    asked: list[Mapping[str, Any]] = []
    call = scripted([_page(["a", "b"], True, "2"), _page(["c", "d"], True, "4")], asked)
    nodes = await walk(call, "q", {}, lambda d: d["c"], offset=1, limit=2)
    assert [n["id"] for n in nodes] == ["b", "c"]
    assert [a["after"] for a in asked] == [None, "2"]


async def test_a_connection_that_never_ends_without_items_stops() -> None:
    """hasNextPage with no edges, page after page, must not keep the request going."""
    asked: list[Mapping[str, Any]] = []
    call = scripted([_page(["a"], True, "1"), _page([], True, "x")], asked)
    nodes = await asyncio.wait_for(walk(call, "q", {}, lambda d: d["c"], offset=0, limit=5), 5)
    assert [n["id"] for n in nodes] == ["a"]
    assert len(asked) == 2

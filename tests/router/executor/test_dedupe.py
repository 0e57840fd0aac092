"""In-flight deduplication of subgraph requests (router.executor.dedupe) over real loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
import pytest
from aiohttp import web

from router.errors import SubgraphError
from router.executor.dedupe import InflightDedupe, operation_kind
from router.executor.fetcher import HttpSubgraphFetcher


class Subgraph:
    """Counts requests and holds each one until ``release`` so concurrent calls overlap."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, Any], dict[str, str]]] = []
        self.gate = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        body = orjson.loads(await request.read())
        self.requests.append((body, {k.lower(): v for k, v in request.headers.items()}))
        await self.gate.wait()
        data = {"data": {"echo": body.get("variables"), "n": len(self.requests)}}
        return web.Response(body=orjson.dumps(data), content_type="application/json")

    async def wait_for(self, n: int) -> None:
        for _ in range(200):
            if len(self.requests) >= n:
                return
            await asyncio.sleep(0.005)
        raise AssertionError(f"expected {n} requests, got {len(self.requests)}")


@pytest.fixture
async def subgraph() -> AsyncIterator[tuple[Subgraph, str]]:
    sg = Subgraph()
    app = web.Application()
    app.router.add_post("/graphql", sg.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield sg, f"http://127.0.0.1:{port}/graphql"
    sg.gate.set()
    await runner.cleanup()


QUERY = {"query": "query Q__a__0 { me { id } }", "variables": {"x": 1}}


async def _fetch_concurrently(
    fetcher: HttpSubgraphFetcher,
    sg: Subgraph,
    bodies: list[dict[str, Any]],
    headers: list[dict[str, str]],
    expect_calls: int,
) -> list[dict[str, Any]]:
    tasks = [
        asyncio.create_task(fetcher.fetch("a", b, h)) for b, h in zip(bodies, headers, strict=True)
    ]
    await sg.wait_for(expect_calls)
    await asyncio.sleep(0.05)  # give any extra (wrong) request time to arrive
    sg.gate.set()
    return list(await asyncio.gather(*tasks))


async def test_concurrent_identical_queries_make_one_subgraph_call(
    subgraph: tuple[Subgraph, str],
) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    try:
        results = await _fetch_concurrently(fetcher, sg, [QUERY] * 5, [{}] * 5, 1)
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 1
    assert all(r == {"data": {"echo": {"x": 1}, "n": 1}} for r in results)
    # every waiter decoded its own copy: merging into one never touches another's
    results[0]["data"]["echo"]["x"] = 99
    assert results[1]["data"]["echo"]["x"] == 1
    assert fetcher.inflight.calls == 1
    assert fetcher.inflight.shared == 4
    assert len(fetcher.inflight) == 0


async def test_mutations_are_never_deduplicated(subgraph: tuple[Subgraph, str]) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    mutation = {"query": "mutation M__a__0 { like(id: 1) }", "variables": {}}
    try:
        await _fetch_concurrently(fetcher, sg, [mutation] * 3, [{}] * 3, 3)
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 3


async def test_different_forwarded_headers_are_not_merged(subgraph: tuple[Subgraph, str]) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    headers = [
        {"authorization": "Bearer alice", "x-track-id": "track-0001"},
        {"authorization": "Bearer bob", "x-track-id": "track-0002"},
        {"authorization": "Bearer alice", "x-track-id": "track-0003"},  # = the first but its id
    ]
    try:
        await _fetch_concurrently(fetcher, sg, [QUERY] * 3, headers, 2)
    finally:
        await fetcher.aclose()
    assert sorted(h["authorization"] for _, h in sg.requests) == ["Bearer alice", "Bearer bob"]


async def test_track_id_counts_when_not_ignored(subgraph: tuple[Subgraph, str]) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5, dedupe_ignore_headers=())
    headers = [{"x-track-id": "track-0001"}, {"x-track-id": "track-0002"}]
    try:
        await _fetch_concurrently(fetcher, sg, [QUERY] * 2, headers, 2)
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 2


async def test_different_bodies_are_not_merged(subgraph: tuple[Subgraph, str]) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    other = {**QUERY, "variables": {"x": 2}}
    try:
        results = await _fetch_concurrently(fetcher, sg, [QUERY, other, QUERY], [{}] * 3, 2)
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 2
    assert [r["data"]["echo"] for r in results] == [{"x": 1}, {"x": 2}, {"x": 1}]


async def test_dedupe_can_be_switched_off(subgraph: tuple[Subgraph, str]) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5, dedupe=False)
    try:
        await _fetch_concurrently(fetcher, sg, [QUERY] * 3, [{}] * 3, 3)
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 3


async def test_only_in_flight_requests_are_shared_nothing_is_cached(
    subgraph: tuple[Subgraph, str],
) -> None:
    sg, url = subgraph
    sg.gate.set()
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    try:
        first = await fetcher.fetch("a", QUERY, {})
        second = await fetcher.fetch("a", QUERY, {})
    finally:
        await fetcher.aclose()
    assert len(sg.requests) == 2
    assert first["data"]["n"] == 1
    assert second["data"]["n"] == 2


async def test_a_cancelled_waiter_does_not_cancel_the_shared_call(
    subgraph: tuple[Subgraph, str],
) -> None:
    sg, url = subgraph
    fetcher = HttpSubgraphFetcher({"a": url}, timeout=5)
    try:
        leader = asyncio.create_task(fetcher.fetch("a", QUERY, {}))
        follower = asyncio.create_task(fetcher.fetch("a", QUERY, {}))
        await sg.wait_for(1)
        leader.cancel()
        await asyncio.sleep(0.01)
        sg.gate.set()
        assert (await follower)["data"]["n"] == 1
    finally:
        await fetcher.aclose()
    assert leader.cancelled()
    assert len(sg.requests) == 1


async def test_a_failed_shared_call_fails_every_waiter() -> None:
    fetcher = HttpSubgraphFetcher({"a": "http://127.0.0.1:9/graphql"}, timeout=2)
    try:
        results = await asyncio.gather(
            *(fetcher.fetch("a", QUERY, {}) for _ in range(3)), return_exceptions=True
        )
    finally:
        await fetcher.aclose()
    assert all(isinstance(r, SubgraphError) for r in results)
    assert fetcher.inflight.calls == 1
    assert len(fetcher.inflight) == 0


async def test_inflight_dedupe_shares_by_key() -> None:
    dedupe: InflightDedupe[str] = InflightDedupe()
    calls: list[str] = []
    gate = asyncio.Event()

    def call(key: str) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            calls.append(key)
            await gate.wait()
            return key.upper()

        return run

    tasks = [asyncio.create_task(dedupe.run(k, call(k))) for k in ("a", "a", "b", "a")]
    await asyncio.sleep(0.01)
    gate.set()
    assert await asyncio.gather(*tasks) == ["A", "A", "B", "A"]
    assert sorted(calls) == ["a", "b"]
    assert dedupe.calls == 2
    assert dedupe.shared == 2


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("{ me { id } }", "query"),
        ("query Q__a__0($r: [_Any!]!) { _entities(representations: $r) { id } }", "query"),
        ("  query{ me { id } }", "query"),
        ("mutation M__a__0 { like }", "mutation"),
        ("mutation{ like }", "mutation"),
        ("subscription S { feed }", "subscription"),
        ("fragment F on T { id }", None),
        ("", None),
        (None, None),
    ],
)
def test_operation_kind(text: object, kind: str | None) -> None:
    assert operation_kind(text) == kind

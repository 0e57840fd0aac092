"""Supergraph hot reload: swaps under load drop nothing, requests keep their snapshot, a broken
supergraph is refused and the old one keeps serving."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry
from structlog.testing import capture_logs

from router.pipeline import GraphQLEngine, GraphQLRequest, Pipeline
from router.reload import FileSource, SupergraphReloader, SwappableEngine
from router.supergraph import load_supergraph
from tests.router.harness import FIXTURES, MockSubgraphFetcher

V1 = (FIXTURES / "shareable.graphql").read_text(encoding="utf-8")
V2 = V1.replace(
    "  kind: DealKind @join__field(graph: NAMES)\n",
    "  kind: DealKind @join__field(graph: NAMES)\n  note: String @join__field(graph: NAMES)\n",
)
QUERY = GraphQLRequest("{ deal { id name } }")


class Fetcher(MockSubgraphFetcher):
    """The names subgraph, answering after a short random delay; remembers being closed."""

    def __init__(self) -> None:
        super().__init__({"names": self.names})
        self.closed = False

    async def names(self, body: Mapping[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(random.random() * 0.004)
        deal: dict[str, Any] = {"id": "d1", "name": "Spring sale"}
        if "note" in body["query"]:
            deal["note"] = "v2"
        return {"data": {"deal": deal}}

    async def aclose(self) -> None:
        self.closed = True


def _builder(built: list[Pipeline]) -> Any:
    def build(sdl: str) -> GraphQLEngine:
        pipeline = Pipeline(load_supergraph(sdl), Fetcher())
        built.append(pipeline)
        return pipeline

    return build


def _closed(pipeline: Pipeline) -> bool:
    fetcher = pipeline.fetcher
    assert isinstance(fetcher, Fetcher)
    return fetcher.closed


async def test_swaps_under_load_drop_no_request(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(V1, encoding="utf-8")
    built: list[Pipeline] = []
    build = _builder(built)
    engine = SwappableEngine(build(V1))
    reloader = SupergraphReloader(FileSource(path, loaded=V1), build, engine, interval=60)
    answers: list[dict[str, Any]] = []
    stop = asyncio.Event()

    async def client() -> None:
        while not stop.is_set():
            answers.append((await engine.execute(QUERY)).response)

    clients = [asyncio.create_task(client()) for _ in range(40)]
    swaps = 0
    for sdl in (V2, V1, V2, V1, V2, V1):
        await asyncio.sleep(0.02)
        path.write_text(sdl, encoding="utf-8")
        swaps += await reloader.check()
    await asyncio.sleep(0.02)
    stop.set()
    await asyncio.gather(*clients)
    assert swaps == 6
    assert engine.generation == 7
    assert len(answers) > 200
    assert all(a == {"data": {"deal": {"id": "d1", "name": "Spring sale"}}} for a in answers)
    await asyncio.sleep(0)  # retired pipelines close in tasks of their own
    assert [_closed(p) for p in built] == [True] * 6 + [False]
    await engine.aclose()
    assert _closed(built[-1])


async def test_a_request_keeps_the_supergraph_it_began_with(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(V1, encoding="utf-8")
    built: list[Pipeline] = []
    build = _builder(built)
    engine = SwappableEngine(build(V1))
    reloader = SupergraphReloader(FileSource(path, loaded=V1), build, engine, interval=60)
    with_note = GraphQLRequest("{ deal { id note } }")
    async with engine.snapshot() as held:  # e.g. an open subscription
        path.write_text(V2, encoding="utf-8")
        assert await reloader.check()
        old = await held.execute(with_note)
        assert old.response["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert (await held.execute(QUERY)).response["data"]["deal"]["id"] == "d1"
        assert not _closed(built[0])  # still held
        new = await engine.execute(with_note)
        assert new.response == {"data": {"deal": {"id": "d1", "note": "v2"}}}
    await asyncio.sleep(0)
    assert _closed(built[0])
    await engine.aclose()


async def test_a_broken_supergraph_is_refused_and_the_old_one_keeps_serving(
    tmp_path: Path,
) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(V1, encoding="utf-8")
    built: list[Pipeline] = []
    build = _builder(built)
    engine = SwappableEngine(build(V1))
    registry = CollectorRegistry()
    reloader = SupergraphReloader(
        FileSource(path, loaded=V1), build, engine, interval=60, registry=registry
    )
    path.write_text("type Query { broken", encoding="utf-8")
    with capture_logs() as logs:
        assert not await reloader.check()
        assert not await reloader.check()  # unchanged since: not tried again
    assert [e["event"] for e in logs] == ["supergraph.reload_refused"]
    assert logs[0]["log_level"] == "error"
    assert engine.generation == 1
    assert (await engine.execute(QUERY)).response["data"]["deal"]["name"] == "Spring sale"
    value = registry.get_sample_value("router_supergraph_reloads_total", {"result": "failure"})
    assert value == 1.0
    path.write_text(V2, encoding="utf-8")  # fixed: the next poll takes it
    assert await reloader.check()
    assert engine.generation == 2
    await engine.aclose()

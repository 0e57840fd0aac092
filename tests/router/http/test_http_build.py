"""build.py wires the core as CONTRACT.md says (core modules replaced by recording fakes)."""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from router.http.build import pipeline_engine_factory
from router.http.engine import EngineOptions, Fetcher
from router.operation.demand import CostModel
from tests.gateways import REPO_ROOT

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"


@dataclass(frozen=True)
class GraphQLRequest:
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None


class HttpSubgraphFetcher:
    def __init__(self, urls: Mapping[str, str], timeout: float, **options: Any) -> None:
        self.urls = dict(urls)
        self.timeout = timeout
        self.options = options
        self.closed = False

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        return {"data": {"from": subgraph}}

    async def aclose(self) -> None:
        self.closed = True


class Pipeline:
    last: Pipeline | None = None

    def __init__(self, supergraph: Any, fetcher: Any, **kwargs: Any) -> None:
        self.supergraph = supergraph
        self.fetcher = fetcher
        self.kwargs = kwargs
        Pipeline.last = self

    async def execute(self, request: GraphQLRequest, *, headers: Mapping[str, str] = {}) -> Any:
        data = await self.fetcher.fetch("users", {"query": request.query}, headers)
        return types.SimpleNamespace(
            response=data, operation_type="query", operation_name=None, plan=None
        )

    def explain(self, request: GraphQLRequest) -> str:
        return f"plan for {request.query}"

    async def aclose(self) -> None:
        await self.fetcher.aclose()


@pytest.fixture
def fake_core(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = types.ModuleType("router.pipeline")
    pipeline.Pipeline = Pipeline  # type: ignore[attr-defined]
    pipeline.GraphQLRequest = GraphQLRequest  # type: ignore[attr-defined]
    fetcher = types.ModuleType("router.executor.fetcher")
    fetcher.HttpSubgraphFetcher = HttpSubgraphFetcher  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "router.pipeline", pipeline)
    monkeypatch.setitem(sys.modules, "router.executor.fetcher", fetcher)


class Wrapped:
    def __init__(self, inner: Fetcher) -> None:
        self.inner = inner
        self.calls = 0

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        self.calls += 1
        return await self.inner.fetch(subgraph, body, headers)

    async def aclose(self) -> None:  # as MeteredFetcher: reaches the wrapped fetcher's
        await self.inner.aclose()  # type: ignore[attr-defined]


@pytest.mark.usefixtures("fake_core")
async def test_pipeline_is_built_with_the_edge_options(tmp_path: Path) -> None:
    wrapped: list[Wrapped] = []

    def wrap(fetcher: Fetcher) -> Fetcher:
        wrapped.append(Wrapped(fetcher))
        return wrapped[-1]

    def on_plan_cache(hit: bool) -> None:
        return None

    options = EngineOptions(
        extra_rules=(),
        on_plan_cache=on_plan_cache,
        wrap_fetcher=wrap,
        plan_cache_size=7,
        introspection=False,
        subgraph_timeout=3.5,
        subgraph_urls={"USERS": "http://127.0.0.1:9999/graphql"},
        subgraph_dedupe=False,
    )
    engine, urls = pipeline_engine_factory(SUPERGRAPH)(options)
    assert urls["users"] == "http://127.0.0.1:9999/graphql"
    assert urls["posts"] == "http://127.0.0.1:4102/graphql"
    pipeline = Pipeline.last
    assert pipeline is not None
    assert pipeline.kwargs == {
        "plan_cache_size": 7,
        "introspection": False,
        "extra_rules": (),
        "on_plan_cache": on_plan_cache,
        "max_tokens": None,
        "max_fields": None,
        "max_cost": None,
        "cost_model": CostModel(default_list_size=10),
        "prepare_timeout": None,
    }
    assert pipeline.fetcher is wrapped[0]
    inner = wrapped[0].inner
    assert isinstance(inner, HttpSubgraphFetcher)
    assert inner.urls == urls
    assert inner.timeout == 3.5
    assert inner.options == {"dedupe": False, "dedupe_ignore_headers": ("x-track-id",)}

    outcome = await engine.execute(
        "{ me { id } }", variables=None, operation_name=None, headers={"x-track-id": "t-0000001"}
    )
    assert outcome.response == {"data": {"from": "users"}}
    assert wrapped[0].calls == 1
    assert engine.explain("{ me { id } }", variables=None, operation_name=None).startswith("plan")
    await engine.aclose()
    assert inner.closed

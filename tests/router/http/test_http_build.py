"""build.py wires the core with the edge's options: the real Pipeline, a recording fetcher."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.executor.fetcher import HttpSubgraphFetcher, SubgraphFetcher
from router.http.build import EngineOptions, pipeline_engine_factory
from router.operation.demand import CostModel
from router.pipeline import GraphQLRequest, Pipeline
from tests.gateways import REPO_ROOT

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"


class Wrapped:
    """The metrics hook's stand-in: answers for the subgraphs and records what it saw."""

    def __init__(self, inner: SubgraphFetcher) -> None:
        self.inner = inner
        self.calls = 0
        self.closed = False

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        self.calls += 1
        return {"data": {"me": {"id": subgraph}}}

    async def aclose(self) -> None:
        self.closed = True
        await self.inner.aclose()


async def test_pipeline_is_built_with_the_edge_options() -> None:
    wrapped: list[Wrapped] = []
    plan_cache: list[bool] = []

    def wrap(fetcher: SubgraphFetcher) -> SubgraphFetcher:
        wrapped.append(Wrapped(fetcher))
        return wrapped[-1]

    options = EngineOptions(
        extra_rules=(),
        on_plan_cache=plan_cache.append,
        wrap_fetcher=wrap,
        plan_cache_size=7,
        introspection=False,
        subgraph_timeout=3.5,
        subgraph_urls={"USERS": "http://127.0.0.1:9999/graphql"},
        subgraph_dedupe=False,
        max_fields=300,
        max_cost=1000,
        default_list_size=7,
        prepare_timeout=2.0,
    )
    engine, urls = pipeline_engine_factory(SUPERGRAPH)(options)
    assert urls["users"] == "http://127.0.0.1:9999/graphql"
    assert urls["posts"] == "http://127.0.0.1:4102/graphql"
    assert isinstance(engine, Pipeline)
    assert (engine.plans.size, engine.introspection, engine.extra_rules) == (7, False, ())
    assert (engine.max_fields, engine.max_cost, engine.prepare_timeout) == (300, 1000, 2.0)
    assert engine.cost_model == CostModel(default_list_size=7)
    assert engine.fetcher is wrapped[0]
    inner = wrapped[0].inner
    assert isinstance(inner, HttpSubgraphFetcher)
    assert inner.urls == urls
    assert inner.timeout == 3.5
    assert (inner.dedupe, inner.dedupe_ignore_headers) == (False, frozenset({"x-track-id"}))

    request = GraphQLRequest("{ me { id } }")
    outcome = await engine.execute(request, headers={"x-track-id": "t-0000001"})
    assert outcome.response == {"data": {"me": {"id": "users"}}}
    assert wrapped[0].calls == 1
    assert plan_cache == [False]
    assert engine.explain(request).startswith("QueryPlan")
    refused = await engine.execute(GraphQLRequest("{ __schema { queryType { name } } }"))
    assert refused.response["errors"][0]["message"].startswith("GraphQL introspection")
    await engine.aclose()
    assert wrapped[0].closed

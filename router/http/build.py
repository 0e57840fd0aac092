"""Build the real engine: supergraph file -> ``Pipeline`` with the edge's rules and hooks.

The only module of the edge that imports the core (``router.pipeline`` and friends), per
router/CONTRACT.md; ``PipelineEngine`` adapts ``Pipeline`` to the edge's ``GraphQLEngine``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from router.http.engine import EngineFactory, EngineOptions, GraphQLEngine, Outcome
from router.http.subgraph_urls import resolve_subgraph_urls

__all__ = ["PipelineEngine", "pipeline_engine_factory"]


class PipelineEngine:
    def __init__(self, pipeline: Any, fetcher: Any) -> None:
        from router.pipeline import GraphQLRequest

        self._pipeline = pipeline
        self._fetcher = fetcher
        self._request = GraphQLRequest

    async def execute(
        self,
        query: str,
        *,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        headers: Mapping[str, str],
    ) -> Outcome:
        request = self._request(query=query, variables=variables, operation_name=operation_name)
        outcome: Outcome = await self._pipeline.execute(request, headers=headers)
        return outcome

    def explain(
        self, query: str, *, variables: Mapping[str, Any] | None, operation_name: str | None
    ) -> str:
        request = self._request(query=query, variables=variables, operation_name=operation_name)
        text: str = self._pipeline.explain(request)
        return text

    async def aclose(self) -> None:
        await self._pipeline.aclose()  # its worker thread, and the fetcher


def pipeline_engine_factory(supergraph_path: Path) -> EngineFactory:
    """Read the supergraph once; the returned factory builds the Pipeline around it."""
    sdl = supergraph_path.read_text(encoding="utf-8")

    def build(options: EngineOptions) -> tuple[GraphQLEngine, Mapping[str, str]]:
        from router.executor.fetcher import HttpSubgraphFetcher
        from router.operation.demand import CostModel
        from router.pipeline import Pipeline
        from router.supergraph import load_supergraph

        supergraph = load_supergraph(sdl)
        declared = {name: sg.url for name, sg in supergraph.state.subgraphs.items()}
        urls = resolve_subgraph_urls(declared, options.subgraph_urls)
        fetcher = HttpSubgraphFetcher(
            urls,
            timeout=options.subgraph_timeout,
            dedupe=options.subgraph_dedupe,
            dedupe_ignore_headers=options.subgraph_dedupe_ignore_headers,
        )
        pipeline = Pipeline(
            supergraph,
            options.wrap_fetcher(fetcher),
            plan_cache_size=options.plan_cache_size,
            introspection=options.introspection,
            extra_rules=options.extra_rules,
            on_plan_cache=options.on_plan_cache,
            max_tokens=options.max_tokens,
            max_fields=options.max_fields,
            max_cost=options.max_cost,
            cost_model=CostModel(default_list_size=options.default_list_size),
            prepare_timeout=options.prepare_timeout,
        )
        return PipelineEngine(pipeline, fetcher), urls

    return build

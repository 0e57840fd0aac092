"""Build the real engine: supergraph file -> ``Pipeline`` with the edge's rules and hooks.

``EngineOptions`` is what the edge contributes (limits, metrics hooks, sizes); an
``EngineFactory`` turns it into a ``router.pipeline.GraphQLEngine``. ``create_app`` builds it
with ``build_pipeline`` (also at every hot reload) unless a test passes a factory of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphql import ASTValidationRule

from router.executor.fetcher import HttpSubgraphFetcher, SubgraphFetcher, subgraph_urls
from router.operation.demand import CostModel
from router.pipeline import GraphQLEngine, Pipeline
from router.subscription import WebSocketSubscriber
from router.supergraph import load_supergraph

__all__ = ["EngineFactory", "EngineOptions", "build_pipeline", "pipeline_engine_factory"]


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """What the edge contributes when the engine is built: limits, metrics hooks, sizes."""

    extra_rules: Sequence[type[ASTValidationRule]]
    on_plan_cache: Callable[[bool], None]
    wrap_fetcher: Callable[[SubgraphFetcher], SubgraphFetcher]
    plan_cache_size: int
    introspection: bool
    subgraph_timeout: float  # queries, unless subgraph_timeouts names the subgraph
    subgraph_urls: Mapping[str, str]  # overrides by subgraph name
    subgraph_dedupe: bool = True  # share identical in-flight subgraph queries
    subgraph_dedupe_ignore_headers: tuple[str, ...] = ("x-track-id",)
    # Work bounds of one request (LimitSettings; None: off): parser tokens, the normalized
    # operation's fields, demand control's cost estimate and the list size it assumes.
    max_tokens: int | None = None
    max_fields: int | None = None
    max_cost: int | None = None
    default_list_size: int = 10
    prepare_timeout: float | None = None  # uncached operations prepared off the loop
    subscriptions: bool = False  # subscribe to subgraphs over graphql-transport-ws
    subscription_connect_timeout: float = 10.0
    subscription_heartbeat: float = 15.0
    subgraph_timeouts: Mapping[str, float] = field(default_factory=dict)  # queries, by subgraph
    subgraph_mutation_timeout: float | None = None  # None: subgraph_timeout


EngineFactory = Callable[[EngineOptions], tuple[GraphQLEngine, Mapping[str, str]]]
"""Build the engine; also return the effective subgraph URLs (for /readyz)."""


def build_pipeline(sdl: str, options: EngineOptions) -> tuple[Pipeline, Mapping[str, str]]:
    """Load (and so validate) a supergraph and build the Pipeline around it, with its own
    fetcher; also used for every hot reload (``router.reload``)."""
    supergraph = load_supergraph(sdl)
    urls = subgraph_urls(supergraph, options.subgraph_urls)
    fetcher = HttpSubgraphFetcher(
        urls,
        timeout=options.subgraph_timeout,
        timeouts=options.subgraph_timeouts,
        mutation_timeout=options.subgraph_mutation_timeout,
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
        subscriber=WebSocketSubscriber(
            urls,
            connect_timeout=options.subscription_connect_timeout,
            heartbeat=options.subscription_heartbeat,
        )
        if options.subscriptions
        else None,
    )
    return pipeline, urls


def pipeline_engine_factory(supergraph_path: Path) -> EngineFactory:
    """Read the supergraph once; the returned factory builds the Pipeline around it."""
    sdl = supergraph_path.read_text(encoding="utf-8")

    def build(options: EngineOptions) -> tuple[GraphQLEngine, Mapping[str, str]]:
        return build_pipeline(sdl, options)

    return build

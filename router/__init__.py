"""Indefinite Studies' Apollo-Federation-2-compatible router (core: plan and execute)."""

from router.errors import (
    ClientError,
    InternalError,
    PlanningError,
    RouterError,
    SubgraphError,
    SupergraphError,
)
from router.executor.fetcher import HttpSubgraphFetcher, SubgraphFetcher
from router.pipeline import ExecutionOutcome, GraphQLEngine, GraphQLRequest, Pipeline
from router.planner.display import format_plan
from router.planner.nodes import QueryPlan
from router.supergraph.loader import Supergraph, load_supergraph

__all__ = [
    "ClientError",
    "ExecutionOutcome",
    "GraphQLEngine",
    "GraphQLRequest",
    "HttpSubgraphFetcher",
    "InternalError",
    "Pipeline",
    "PlanningError",
    "QueryPlan",
    "RouterError",
    "SubgraphError",
    "SubgraphFetcher",
    "Supergraph",
    "SupergraphError",
    "format_plan",
    "load_supergraph",
]

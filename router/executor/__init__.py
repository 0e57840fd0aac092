"""Plan execution: subgraph fetches, ``_entities`` batching, merge, projection."""

from router.executor.execute import ExecutionState, execute_plan_node
from router.executor.fetcher import HttpSubgraphFetcher, SubgraphFetcher, subgraph_urls
from router.executor.projection import Projector

__all__ = [
    "ExecutionState",
    "HttpSubgraphFetcher",
    "Projector",
    "SubgraphFetcher",
    "execute_plan_node",
    "subgraph_urls",
]

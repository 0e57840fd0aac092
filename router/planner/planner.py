"""QueryPlanner: normalized operation → QueryPlan, in named steps.

``walk_operation`` (the fetch dependency graph; it asks ``best.py`` to choose between entity
moves) → ``optimize_fetch_graph`` (``optimize.py``: passes over the graph) →
``build_query_plan`` (Sequence/Parallel stages). Each step raises its own ``PlanningError``
(``walker.WalkError``, ``best.NoEntityMoveError``, ``optimize.FetchGraphError``). Plans are
cached by the caller (see ``router.pipeline``).
"""

from __future__ import annotations

from router.operation.collect import FieldCollector
from router.operation.tree import NormalizedOperation
from router.planner.fetch_graph import FetchGraph
from router.planner.graph import FederationGraph
from router.planner.nodes import QueryPlan
from router.planner.optimize import optimize_fetch_graph
from router.planner.plan import build_query_plan
from router.planner.walker import walk_operation
from router.supergraph.loader import Supergraph

__all__ = ["QueryPlanner"]


class QueryPlanner:
    def __init__(self, supergraph: Supergraph, collector: FieldCollector | None = None) -> None:
        self.supergraph = supergraph
        self.collector = collector or FieldCollector(
            supergraph.api_schema, supergraph.state.possible_types
        )
        self.graph = FederationGraph(supergraph.state, supergraph.api_schema, self.collector)

    def fetch_graph(self, op: NormalizedOperation) -> FetchGraph:
        return optimize_fetch_graph(walk_operation(self.graph, op))

    def plan(self, op: NormalizedOperation) -> QueryPlan:
        return build_query_plan(self.fetch_graph(op), op)

"""Query planning: operation → fetch graph → Fetch/Flatten/Sequence/Parallel plan."""

from router.planner.display import format_plan
from router.planner.nodes import (
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from router.planner.planner import QueryPlanner

__all__ = [
    "FetchNode",
    "FlattenNode",
    "ParallelNode",
    "PlanNode",
    "QueryPlan",
    "QueryPlanner",
    "SequenceNode",
    "format_plan",
]

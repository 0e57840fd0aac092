"""Query plan nodes, shaped like Apollo's and Hive's: Fetch, Flatten, Sequence, Parallel.

Conditions (``@skip``/``@include``) are decided before planning, so there is no Condition
node; Defer and Subscription are not supported yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from router.planner.fetch_graph import Representation
from router.planner.selection import SelNode
from router.types import MergePath, SubgraphName

__all__ = [
    "BatchFetchNode",
    "FetchNode",
    "FlattenNode",
    "ParallelNode",
    "PlanNode",
    "QueryPlan",
    "SequenceNode",
]


@dataclass(frozen=True, slots=True, eq=False)
class FetchNode:
    service: SubgraphName
    operation: str
    """The subgraph operation text, printed once at plan time."""
    operation_kind: str
    variable_usages: tuple[str, ...] = ()
    requires: tuple[Representation, ...] = ()
    """Empty for root fetches; for ``_entities`` fetches, how to build representations."""
    operation_name: str | None = None
    id: int = 0
    display_selection: str = ""
    renames: SelNode | None = None
    """The fetch's selection when it aliases fields that must be renamed back."""


@dataclass(frozen=True, slots=True, eq=False)
class FlattenNode:
    path: MergePath
    node: FetchNode


@dataclass(frozen=True, slots=True, eq=False)
class BatchFetchNode:
    """Several ``_entities`` fetches of one stage to one subgraph, sent as one request.

    Each Flatten becomes an aliased ``_<i>: _entities(representations: $representations_<i>)``
    field of a single operation: one HTTP call per subgraph per plan step.
    """

    service: SubgraphName
    operation: str
    fetches: tuple[FlattenNode, ...]
    variable_usages: tuple[str, ...] = ()
    operation_name: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class SequenceNode:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True, eq=False)
class ParallelNode:
    nodes: tuple[PlanNode, ...]


PlanNode = FetchNode | FlattenNode | BatchFetchNode | SequenceNode | ParallelNode


@dataclass(frozen=True, slots=True, eq=False)
class QueryPlan:
    node: PlanNode | None
    operation_kind: str = "query"
    extras: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        from router.planner.display import format_plan

        return format_plan(self)

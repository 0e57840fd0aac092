"""Choose the best: which entity move covers the fields a subgraph cannot resolve itself.

The cost model (``cost.py``) lists the candidate moves for a set of pending fields with what
each would cost; this step picks one, and when none fits it tries again with object fields
split per child (so several subgraphs can share one object field) before giving up with
``NoEntityMoveError``. The walker and the cost model's own estimate choose the same way, so
what was costed is what gets planned.
"""

from __future__ import annotations

from dataclasses import dataclass

from router.errors import PlanningError
from router.operation.tree import Field, Selection
from router.planner.graph import EntityMove, FederationGraph
from router.types import SubgraphName, TypeName

__all__ = [
    "Candidate",
    "NoEntityMoveError",
    "best_candidate",
    "split_per_child",
    "with_selections",
]


class NoEntityMoveError(PlanningError):
    """No subgraph reachable by an entity move resolves the pending fields."""

    def __init__(self, type_name: TypeName, fields: list[Field], subgraph: SubgraphName) -> None:
        names = ", ".join(f"{type_name}.{f.name}" for f in fields)
        super().__init__(f"no subgraph can resolve {names} from {subgraph!r}")
        self.type_name = type_name
        self.subgraph = subgraph


@dataclass(slots=True)
class Candidate:
    """An entity move, the pending fields it would resolve, and what it costs."""

    move: EntityMove
    covered: list[Field]
    cost: int


def with_selections(f: Field, selections: tuple[Selection, ...]) -> Field:
    return Field(f.response_key, f.name, f.arguments, selections, f.args_text, f.variables)


def best_candidate(cands: list[Candidate]) -> Candidate:
    """Most fields covered first, then the cheapest; ties keep subgraph order."""
    return min(cands, key=lambda c: (-len(c.covered), c.cost))


def split_per_child(
    graph: FederationGraph, type_name: TypeName, fields: list[Field]
) -> list[Field] | None:
    """One partial field per child, so several entity moves can share an object field
    (``None`` when no field can be split)."""
    out: list[Field] = []
    changed = False
    for f in fields:
        sf = graph.field(type_name, f.name)
        if f.selections is None or sf is None or graph.state.types[sf.type_name].kind != "object":
            out.append(f)
            continue
        children = graph.collector.collect(f.selections, sf.type_name)
        if len(children) < 2:
            out.append(f)
            continue
        changed = True
        out.extend(with_selections(f, (c,)) for c in children)
    return out if changed else None

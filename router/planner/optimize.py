"""Optimize the fetch graph: small passes run in order over what the walker built.

The walker already merges an entity move into an existing fetch of the same subgraph at the
same merge path (``FetchGraph.entity_group``); these passes then tidy the graph before it is
ordered into a plan:

* ``drop_empty_fetches`` — a fetch that ended up selecting nothing (its fields all moved on)
  is dropped, and whoever depended on it depends on what it depended on;
* ``check_acyclic`` — the fetches' dependencies must form a DAG, else ``FetchGraphError``.

Same-subgraph ``_entities`` fetches of one plan stage are batched when the plan is built
(``plan.py``), where the stages are known.
"""

from __future__ import annotations

from collections.abc import Callable

from router.errors import PlanningError
from router.planner.fetch_graph import FetchGraph, FetchGroup

__all__ = [
    "PASSES",
    "FetchGraphError",
    "check_acyclic",
    "drop_empty_fetches",
    "optimize_fetch_graph",
]


class FetchGraphError(PlanningError):
    """The fetch graph is not one a plan can be built from (a dependency cycle)."""


def _selects_something(g: FetchGroup) -> bool:
    if g.selection.is_empty():
        return False
    return not g.entity or bool(g.requires)


def drop_empty_fetches(graph: FetchGraph) -> None:
    for g in graph.groups:
        if g.id not in graph.dropped and not _selects_something(g):
            graph.dropped.add(g.id)
    for g in graph.live_groups():
        deps: set[int] = set()
        stack = list(g.deps)
        seen: set[int] = set()
        while stack:
            d = stack.pop()
            if d in seen:
                continue
            seen.add(d)
            if d in graph.dropped:
                stack.extend(graph.groups[d].deps)
            else:
                deps.add(d)
        g.deps = deps


def check_acyclic(graph: FetchGraph) -> None:
    state: dict[int, int] = {}  # 1: on the stack, 2: done

    def visit(g: FetchGroup) -> None:
        state[g.id] = 1
        for d in g.deps:
            mark = state.get(d)
            if mark == 1:
                raise FetchGraphError(f"fetch #{g.id} ({g.subgraph}) depends on itself via #{d}")
            if mark is None:
                visit(graph.groups[d])
        state[g.id] = 2

    for g in graph.live_groups():
        if g.id not in state:
            visit(g)


PASSES: tuple[Callable[[FetchGraph], None], ...] = (drop_empty_fetches, check_acyclic)


def optimize_fetch_graph(graph: FetchGraph) -> FetchGraph:
    for optimize in PASSES:
        optimize(graph)
    return graph

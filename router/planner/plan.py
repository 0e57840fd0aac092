"""build_query_plan: order the fetch graph into Sequence/Parallel stages and print operations.

Groups are layered by dependency depth: every group runs after all groups it depends on, and
groups of one layer run in parallel. Mutation root fields keep their order: each root batch
(and the entity fetches under it) forms one block of a top-level Sequence.
"""

from __future__ import annotations

from graphql import VariableDefinitionNode, print_ast

from router.operation.tree import NormalizedOperation
from router.planner.fetch_graph import FetchGraph, FetchGroup
from router.planner.nodes import (
    BatchFetchNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)

__all__ = ["build_query_plan"]


def build_query_plan(graph: FetchGraph, op: NormalizedOperation) -> QueryPlan:
    """Order an optimized fetch graph (``optimize.py``) into plan nodes."""
    groups = graph.live_groups()
    if not groups:
        return QueryPlan(node=None, operation_kind=op.operation_type)
    batches = sorted({g.root_index for g in groups})
    blocks: list[PlanNode] = []
    for batch in batches:
        members = [g for g in groups if g.root_index == batch]
        blocks.append(_layered(graph, members, op))
    node = blocks[0] if len(blocks) == 1 else SequenceNode(tuple(blocks))
    return QueryPlan(node=node, operation_kind=op.operation_type)


def _layered(graph: FetchGraph, members: list[FetchGroup], op: NormalizedOperation) -> PlanNode:
    level: dict[int, int] = {}

    def depth(g: FetchGroup) -> int:
        hit = level.get(g.id)
        if hit is not None:
            return hit
        level[g.id] = 0  # optimize.check_acyclic has ruled cycles out
        d = 0
        for dep in g.deps:
            d = max(d, depth(graph.groups[dep]) + 1)
        level[g.id] = d
        return d

    stages: dict[int, list[FetchGroup]] = {}
    for g in members:
        stages.setdefault(depth(g), []).append(g)
    seq: list[PlanNode] = []
    for k in sorted(stages):
        nodes = _batched(stages[k], op)
        seq.append(nodes[0] if len(nodes) == 1 else ParallelNode(tuple(nodes)))
    return seq[0] if len(seq) == 1 else SequenceNode(tuple(seq))


def _batched(groups: list[FetchGroup], op: NormalizedOperation) -> list[PlanNode]:
    """One node per group, except that entity groups of one subgraph share a BatchFetch."""
    by_service: dict[str, list[FetchGroup]] = {}
    for g in groups:
        if g.entity:
            by_service.setdefault(g.subgraph, []).append(g)
    out: list[PlanNode] = []
    done: set[str] = set()
    for g in groups:
        same = by_service.get(g.subgraph, [])
        if not g.entity or len(same) < 2:
            out.append(_node(g, op))
        elif g.subgraph not in done:
            done.add(g.subgraph)
            out.append(_batch(same, op))
    return out


def _batch(groups: list[FetchGroup], op: NormalizedOperation) -> BatchFetchNode:
    used: set[str] = set()
    for g in groups:
        used |= g.selection.variables()
    defs = _var_defs(op, used)
    name = f"{op.name}__{groups[0].subgraph}__{groups[0].id}" if op.name else None
    var_text = ", ".join(
        [*(f"$representations_{i}: [_Any!]!" for i in range(len(groups))), *map(print_ast, defs)]
    )
    fields = " ".join(
        f"_{i}: _entities(representations: $representations_{i}) " + g.selection.print(compact=True)
        for i, g in enumerate(groups)
    )
    head = "query" + (f" {name}" if name else "")
    fetches = []
    for g in groups:
        node = _node(g, op)
        assert isinstance(node, FlattenNode)
        fetches.append(node)
    return BatchFetchNode(
        service=groups[0].subgraph,
        operation=f"{head}({var_text}) {{ {fields} }}",
        fetches=tuple(fetches),
        variable_usages=tuple(sorted(used)),
        operation_name=name,
    )


def _var_defs(op: NormalizedOperation, names: set[str]) -> list[VariableDefinitionNode]:
    return [v for n, v in op.variable_definitions.items() if n in names]


def _node(g: FetchGroup, op: NormalizedOperation) -> PlanNode:
    used = g.selection.variables()
    defs = _var_defs(op, used)
    name = f"{op.name}__{g.subgraph}__{g.id}" if op.name else None
    head = g.operation_kind if not g.entity else "query"
    if name:
        head += f" {name}"
    if g.entity:
        var_text = ", ".join(["$representations: [_Any!]!", *(print_ast(d) for d in defs)])
        body = g.selection.print(compact=True)
        text = f"{head}({var_text}) {{ _entities(representations: $representations) {body} }}"
    else:
        if defs:
            head += "(" + ", ".join(print_ast(d) for d in defs) + ")"
        text = f"{head} {g.selection.print(compact=True)}"
    fetch = FetchNode(
        service=g.subgraph,
        operation=text,
        operation_kind=head.split(" ")[0],
        variable_usages=tuple(sorted(used)),
        requires=tuple(g.requires.values()),
        operation_name=name,
        id=g.id,
        display_selection=g.selection.print("    "),
        renames=g.selection if g.selection.has_renames() else None,
    )
    if g.entity:
        return FlattenNode(path=g.merge_path, node=fetch)
    return fetch

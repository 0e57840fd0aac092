"""Print a query plan the way Apollo's ``QueryPlan`` display does (readable, stable)."""

from __future__ import annotations

from router.planner.nodes import (
    BatchFetchNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    QueryPlan,
    SequenceNode,
)
from router.planner.selection import SelNode

__all__ = ["format_path", "format_plan"]


def format_plan(plan: QueryPlan) -> str:
    if plan.node is None:
        return "QueryPlan {}"
    return "QueryPlan {\n" + _node(plan.node, "  ") + "\n}"


def format_path(path: tuple[str, ...]) -> str:
    return ".".join(path)


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.splitlines())


def _fetch(node: FetchNode, indent: str) -> str:
    inner = indent + "  "
    lines = [f'{indent}Fetch(service: "{node.service}") {{']
    if node.requires:
        req = SelNode()
        for rep in node.requires:
            frag = req.fragment(rep.match)
            frag.merge(_renamed(rep.selection))
        lines.append(_indent(req.print(), inner) + " =>")
    body = node.display_selection.replace("\n    ", "\n")
    lines.append(_indent(body, inner))
    lines.append(f"{indent}}},")
    return "\n".join(lines)


def _renamed(sel: SelNode) -> SelNode:
    """Representation shapes are keyed by name; print them as plain field names."""
    out = SelNode()
    for name, f in sel.fields.items():
        sub = _renamed(f.sub) if f.sub is not None else None
        out.fields[name] = type(f)(name, name, f.args_text, f.variables, sub)
    for t, frag in sel.fragments.items():
        out.fragments[t] = _renamed(frag)
    return out


def _node(node: PlanNode, indent: str) -> str:
    inner = indent + "  "
    if isinstance(node, FetchNode):
        return _fetch(node, indent)
    if isinstance(node, BatchFetchNode):
        body = "\n".join(_node(n, inner) for n in node.fetches)
        return f'{indent}BatchFetch(service: "{node.service}") {{\n{body}\n{indent}}},'
    if isinstance(node, FlattenNode):
        return (
            f'{indent}Flatten(path: "{format_path(node.path)}") {{\n'
            + _fetch(node.node, inner)
            + f"\n{indent}}},"
        )
    name = "Sequence" if isinstance(node, SequenceNode) else "Parallel"
    assert isinstance(node, SequenceNode | ParallelNode)
    body = "\n".join(_node(n, inner) for n in node.nodes)
    return f"{indent}{name} {{\n{body}\n{indent}}},"

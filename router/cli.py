"""Dev CLI: dump each planning stage for one operation (Hive's ``dev-cli``, in small).

``python -m router.cli plan SUPERGRAPH OPERATION [--operation-name N] [--variables JSON]``
prints the normalized operation, the fetch dependency graph and the query plan.
``python -m router.cli graph SUPERGRAPH`` prints the routing model (where each field lives).
``OPERATION`` is a file path or the operation text itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from router.errors import RouterError
from router.operation import (
    normalize_operation,
    parse_document,
    select_operation,
    validate_document,
)
from router.operation.variables import coerce_variables
from router.planner.fetch_graph import FetchGraph
from router.planner.plan import build_query_plan
from router.planner.planner import QueryPlanner
from router.supergraph import Supergraph, load_supergraph

__all__ = ["format_fetch_graph", "format_routing_model", "main"]


def _read(text_or_path: str) -> str:
    p = Path(text_or_path)
    if len(text_or_path) < 4096 and p.is_file():
        return p.read_text(encoding="utf-8")
    return text_or_path


def format_fetch_graph(graph: FetchGraph) -> str:
    lines = []
    for g in graph.groups:
        kind = "entities" if g.entity else g.operation_kind
        deps = ", ".join(f"#{d}" for d in sorted(g.deps)) or "-"
        path = ".".join(g.merge_path) or "<root>"
        dropped = " (dropped: selects nothing)" if g.id in graph.dropped else ""
        lines.append(f"#{g.id} [{g.subgraph}] {kind} at {path} after {deps}{dropped}")
        for rep in g.requires.values():
            lines.append(
                f"    requires {rep.match} as {rep.send_typename}: "
                + rep.selection.print(compact=True)
            )
        lines.append("    selects " + g.selection.print(compact=True))
    return "\n".join(lines)


def format_routing_model(supergraph: Supergraph) -> str:
    state = supergraph.state
    lines = ["subgraphs:"]
    lines += [f"  {s.name}: {s.url}" for s in state.subgraphs.values()]
    for t in sorted(state.types.values(), key=lambda t: t.name):
        if t.kind not in ("object", "interface"):
            continue
        keys = "; ".join(f"{j.graph}:{j.key}" for j in t.joins if j.key)
        lines.append(f"{t.kind} {t.name}" + (f"  keys[{keys}]" if keys else ""))
        for f in t.fields.values():
            where = ",".join(sorted(f.resolvable_in)) or "(via interface object)"
            lines.append(f"  {f.name}: {f.type_text} @ {where}")
    return "\n".join(lines)


def _plan(args: argparse.Namespace) -> int:
    supergraph = load_supergraph(_read(args.supergraph))
    schema = supergraph.api_schema
    doc = parse_document(_read(args.operation))
    errors = validate_document(schema, doc)
    if errors:
        for e in errors:
            print(f"validation: {e.message}", file=sys.stderr)
        return 1
    op = select_operation(doc, args.operation_name)
    variables = coerce_variables(schema, op, json.loads(args.variables or "{}"))
    normalized = normalize_operation(schema, doc, op, variables)
    planner = QueryPlanner(supergraph)
    graph = planner.fetch_graph(normalized)
    print("== normalized operation")
    print(normalized.print())
    print("\n== fetch graph")
    print(format_fetch_graph(graph))
    print("\n== query plan")
    print(build_query_plan(graph, normalized))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m router.cli", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="normalized operation, fetch graph and plan")
    plan.add_argument("supergraph")
    plan.add_argument("operation")
    plan.add_argument("--operation-name")
    plan.add_argument("--variables", help="JSON object (for @skip/@include)")
    graph = sub.add_parser("graph", help="the routing model read from the supergraph")
    graph.add_argument("supergraph")
    args = parser.parse_args(argv)
    try:
        if args.command == "graph":
            print(format_routing_model(load_supergraph(_read(args.supergraph))))
            return 0
        return _plan(args)
    except RouterError as exc:
        print(f"{type(exc).__name__} [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""Read the ``join`` spec (v0.2-v0.5) directives of a supergraph into a SupergraphState.

One function per directive family: ``@join__graph`` (subgraphs), ``@join__type`` /
``@join__implements`` / ``@join__unionMember`` (where types live) and ``@join__field``
(where fields resolve). Progressive ``@override(label:)`` is decided here, once: a
``percent(N)`` label is active only when N is 100, any other label is inactive.
"""

from __future__ import annotations

from graphql import (
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    EnumTypeExtensionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    InterfaceTypeExtensionNode,
    ListTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    OperationType,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    UnionTypeExtensionNode,
    print_ast,
    value_from_ast_untyped,
)

from router.errors import SupergraphError
from router.supergraph.state import (
    JoinField,
    JoinType,
    Subgraph,
    SupergraphField,
    SupergraphState,
    SupergraphType,
)

__all__ = ["is_label_active", "read_join_spec"]

_KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: "object",
    ObjectTypeExtensionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    InterfaceTypeExtensionNode: "interface",
    UnionTypeDefinitionNode: "union",
    UnionTypeExtensionNode: "union",
    EnumTypeDefinitionNode: "enum",
    EnumTypeExtensionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
}


def named_type(node: TypeNode) -> str:
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        node = node.type
    return node.name.value  # type: ignore[attr-defined, no-any-return]


def list_depth(node: TypeNode) -> int:
    depth = 0
    while isinstance(node, NonNullTypeNode | ListTypeNode):
        if isinstance(node, ListTypeNode):
            depth += 1
        node = node.type
    return depth


def is_label_active(label: str | None) -> bool:
    """Progressive override: only ``percent(100)`` counts as switched on (deterministic)."""
    if label is None:
        return False
    label = label.strip()
    if label.startswith("percent(") and label.endswith(")"):
        try:
            return float(label[len("percent(") : -1]) >= 100
        except ValueError:
            return False
    return False


def _args(d: DirectiveNode) -> dict[str, object]:
    return {a.name.value: value_from_ast_untyped(a.value) for a in d.arguments or ()}


def read_join_spec(doc: DocumentNode, prefix: str = "join") -> SupergraphState:
    """Build the routing model; ``prefix`` is the join feature's local name (``@link(as:)``)."""
    d_graph = f"{prefix}__graph"
    d_type = f"{prefix}__type"
    d_field = f"{prefix}__field"
    d_impl = f"{prefix}__implements"
    d_member = f"{prefix}__unionMember"
    graph_enum = f"{prefix}__Graph"

    subgraphs: dict[str, Subgraph] = {}
    by_enum: dict[str, str] = {}
    roots = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
    explicit_roots = False
    for defn in doc.definitions:
        if isinstance(defn, EnumTypeDefinitionNode) and defn.name.value == graph_enum:
            for v in defn.values or ():
                for d in v.directives or ():
                    if d.name.value == d_graph:
                        a = _args(d)
                        sub = Subgraph(str(a["name"]), v.name.value, str(a.get("url") or ""))
                        subgraphs[sub.name] = sub
                        by_enum[v.name.value] = sub.name
        elif isinstance(defn, SchemaDefinitionNode):
            explicit_roots = True
            roots = {"query": "", "mutation": "", "subscription": ""}
            for op in defn.operation_types:
                key = {
                    OperationType.QUERY: "query",
                    OperationType.MUTATION: "mutation",
                    OperationType.SUBSCRIPTION: "subscription",
                }[op.operation]
                roots[key] = op.type.name.value
    if not subgraphs:
        raise SupergraphError(
            f"the supergraph declares no subgraphs (no {graph_enum} enum with @{d_graph})",
            hint="compose the supergraph with Apollo's or The Guild's composer",
        )

    def graph_of(value: object) -> str:
        name = by_enum.get(str(value))
        if name is None:
            raise SupergraphError(f"unknown {graph_enum} value {value!r}")
        return name

    types: dict[str, SupergraphType] = {}
    for defn in doc.definitions:
        kind = _KINDS.get(type(defn))
        if kind is None:
            continue
        name = defn.name.value  # type: ignore[attr-defined]
        if name.startswith(f"{prefix}__") or name.startswith("link__"):
            continue
        t = types.setdefault(name, SupergraphType(name=name, kind=kind))
        for d in getattr(defn, "directives", None) or ():
            a = _args(d)
            if d.name.value == d_type:
                key_arg = a.get("key")
                t.joins.append(
                    JoinType(
                        graph=graph_of(a["graph"]),
                        key=str(key_arg) if key_arg is not None else None,
                        extension=bool(a.get("extension", False)),
                        resolvable=bool(a.get("resolvable", True)),
                        is_interface_object=bool(a.get("isInterfaceObject", False)),
                    )
                )
            elif d.name.value == d_impl:
                t.implements.setdefault(graph_of(a["graph"]), set()).add(str(a["interface"]))
            elif d.name.value == d_member:
                t.members.setdefault(graph_of(a["graph"]), set()).add(str(a["member"]))
        if isinstance(defn, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            t.interfaces = tuple(i.name.value for i in defn.interfaces or ())
        for fdef in getattr(defn, "fields", None) or ():
            if kind == "input":
                continue
            f = SupergraphField(
                name=fdef.name.value,
                type_name=named_type(fdef.type),
                type_text=print_ast(fdef.type),
                list_depth=list_depth(fdef.type),
            )
            for d in fdef.directives or ():
                if d.name.value != d_field:
                    continue
                a = _args(d)
                g = a.get("graph")
                f.joins.append(
                    JoinField(
                        graph=graph_of(g) if g is not None else None,
                        requires=_opt_str(a.get("requires")),
                        provides=_opt_str(a.get("provides")),
                        type=_opt_str(a.get("type")),
                        external=bool(a.get("external") or False),
                        override=_opt_str(a.get("override")),
                        used_overridden=bool(a.get("usedOverridden") or False),
                        override_label=_opt_str(a.get("overrideLabel")),
                    )
                )
            t.fields[f.name] = f

    for t in types.values():
        graphs = t.graphs
        for f in t.fields.values():
            f.resolvable_in = _resolvable_in(f, graphs)

    possible: dict[str, set[str]] = {}
    for t in types.values():
        if t.kind == "object":
            for i in t.interfaces:
                possible.setdefault(i, set()).add(t.name)
        elif t.kind == "union":
            members: set[str] = set()
            for ms in t.members.values():
                members |= ms
            possible.setdefault(t.name, set()).update(members)
    # interfaces implementing interfaces: objects reach the outer interface too
    for t in types.values():
        if t.kind == "interface":
            possible.setdefault(t.name, set())

    def root(key: str) -> str | None:
        name = roots[key]
        return name if name and (name in types or explicit_roots) else None

    return SupergraphState(
        subgraphs=subgraphs,
        types=types,
        query_type=root("query"),
        mutation_type=root("mutation"),
        subscription_type=root("subscription"),
        possible_types={k: frozenset(v) for k, v in possible.items()},
    )


def _opt_str(v: object) -> str | None:
    return None if v is None else str(v)


def _resolvable_in(f: SupergraphField, type_graphs: frozenset[str]) -> frozenset[str]:
    if not f.joins:
        return type_graphs
    out: set[str] = set()
    for j in f.joins:
        if j.graph is None or j.external or j.used_overridden:
            continue
        if j.override_label is not None:
            active = is_label_active(j.override_label)
            if j.override is not None and not active:
                if j.override in type_graphs:
                    out.add(j.override)  # the label is off: the original owner keeps it
                continue
            if j.override is None and active:
                continue
        out.add(j.graph)
    return frozenset(out)

"""The routing model read from a supergraph: which subgraph can resolve what.

Everything the planner asks ("can subgraph S resolve ``T.f``?", "which keys does ``T`` have in
S?", "which objects can S return for interface ``I``?") is answered here from the ``join__*``
directives, precomputed once at load time so planning never touches the SDL again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from router.types import FieldName, SubgraphName, TypeName

__all__ = [
    "JoinField",
    "JoinType",
    "Subgraph",
    "SupergraphField",
    "SupergraphState",
    "SupergraphType",
]


@dataclass(frozen=True, slots=True)
class Subgraph:
    name: SubgraphName
    enum_value: str
    url: str


@dataclass(frozen=True, slots=True)
class JoinType:
    """One ``@join__type`` on a type: the type exists in ``graph`` (maybe as an entity)."""

    graph: SubgraphName
    key: str | None = None
    extension: bool = False
    resolvable: bool = True
    is_interface_object: bool = False


@dataclass(frozen=True, slots=True)
class JoinField:
    """One ``@join__field`` on a field (``graph`` is None for the bare form)."""

    graph: SubgraphName | None
    requires: str | None = None
    provides: str | None = None
    type: str | None = None
    external: bool = False
    override: str | None = None
    used_overridden: bool = False
    override_label: str | None = None


@dataclass(slots=True)
class SupergraphField:
    name: FieldName
    type_name: TypeName
    """The named (unwrapped) type of the field in the supergraph."""
    type_text: str = ""
    """The full type (``[String!]``) in the supergraph."""
    list_depth: int = 0
    """How many list wrappers the field's type has (for ``@`` in merge paths)."""
    joins: list[JoinField] = field(default_factory=list)
    resolvable_in: frozenset[SubgraphName] = frozenset()
    """Subgraphs that can resolve the field directly (not external, not overridden away)."""


@dataclass(slots=True)
class SupergraphType:
    name: TypeName
    kind: str
    """One of ``object``, ``interface``, ``union``, ``enum``, ``input``, ``scalar``."""
    joins: list[JoinType] = field(default_factory=list)
    fields: dict[FieldName, SupergraphField] = field(default_factory=dict)
    implements: dict[SubgraphName, set[TypeName]] = field(default_factory=dict)
    """Per subgraph: the interfaces this type implements there (``@join__implements``)."""
    members: dict[SubgraphName, set[TypeName]] = field(default_factory=dict)
    """For unions, per subgraph: the member types there (``@join__unionMember``)."""
    interfaces: tuple[TypeName, ...] = ()
    """The interfaces the type implements in the supergraph."""

    @property
    def graphs(self) -> frozenset[SubgraphName]:
        return frozenset(j.graph for j in self.joins)

    def keys_in(self, graph: SubgraphName) -> list[JoinType]:
        """The resolvable ``@key``s of this type in ``graph``."""
        return [j for j in self.joins if j.graph == graph and j.key is not None and j.resolvable]

    def any_keys_in(self, graph: SubgraphName) -> list[JoinType]:
        """Every ``@key`` of this type in ``graph``, resolvable or not."""
        return [j for j in self.joins if j.graph == graph and j.key is not None]

    def is_interface_object_in(self, graph: SubgraphName) -> bool:
        return any(j.graph == graph and j.is_interface_object for j in self.joins)


@dataclass(slots=True)
class SupergraphState:
    subgraphs: dict[SubgraphName, Subgraph]
    types: dict[TypeName, SupergraphType]
    query_type: TypeName | None
    mutation_type: TypeName | None
    subscription_type: TypeName | None
    possible_types: dict[TypeName, frozenset[TypeName]] = field(default_factory=dict)
    """For each abstract type: the object types that may stand for it (supergraph-wide)."""

    def type(self, name: TypeName) -> SupergraphType:
        return self.types[name]

    def field(self, type_name: TypeName, field_name: FieldName) -> SupergraphField | None:
        t = self.types.get(type_name)
        return None if t is None else t.fields.get(field_name)

    def field_join(
        self, type_name: TypeName, field_name: FieldName, graph: SubgraphName
    ) -> JoinField | None:
        f = self.field(type_name, field_name)
        if f is None:
            return None
        for j in f.joins:
            if j.graph == graph and not j.external and not j.used_overridden:
                return j
        return None

    def type_in(self, type_name: TypeName, field_name: FieldName, graph: SubgraphName) -> str:
        """The field's full type as ``graph`` declares it (``@join__field(type:)``)."""
        f = self.field(type_name, field_name)
        if f is None:
            return ""
        for j in f.joins:
            if j.graph == graph and j.type:
                return j.type
        return f.type_text

    def named_type_in(
        self, type_name: TypeName, field_name: FieldName, graph: SubgraphName
    ) -> TypeName:
        """The field's named type in ``graph`` (a union may be one member there)."""
        text = self.type_in(type_name, field_name, graph)
        return text.replace("[", "").replace("]", "").replace("!", "").strip()

    def root_type(self, operation: str) -> TypeName | None:
        return {
            "query": self.query_type,
            "mutation": self.mutation_type,
            "subscription": self.subscription_type,
        }[operation]

    def runtime_types_in(self, type_name: TypeName, graph: SubgraphName) -> list[TypeName]:
        """The object types subgraph ``graph`` may return where ``type_name`` is expected.

        For an interface that is an ``@interfaceObject`` in ``graph`` the answer is the
        interface itself: that subgraph only knows it as an object.
        """
        t = self.types[type_name]
        if t.kind == "object":
            return [type_name]
        if t.kind == "interface":
            if t.is_interface_object_in(graph):
                return [type_name]
            out = []
            for name in sorted(self.possible_types.get(type_name, ())):
                ot = self.types[name]
                if graph in ot.graphs and type_name in ot.implements.get(graph, ()):
                    out.append(name)
            return out
        if t.kind == "union":
            return sorted(t.members.get(graph, ()))
        return []

    def union_members_in(
        self, type_name: TypeName, graph: SubgraphName, serving: frozenset[SubgraphName]
    ) -> list[TypeName]:
        """The members of union ``type_name`` in ``graph`` that every subgraph in ``serving``
        also has: below a ``@shareable`` path more than one subgraph may answer, and only
        these are guaranteed to come back with their fields (as Hive Router, Apollo Router
        and Apollo Gateway plan it; the federation audit's ``partial-union-complex``)."""
        t = self.types[type_name]
        members = t.members.get(graph, set())
        for other in serving:
            if other != graph:
                members = members & t.members.get(other, set())
        return sorted(members)

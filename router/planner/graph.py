"""What a subgraph can do from a given spot: the federation "graph" the walker moves on.

Three kinds of moves, named as in Hive Router's graph:

* field move — resolve ``T.f`` inside the current subgraph (``can_resolve``);
* entity move — jump to another subgraph with an ``_entities`` call, keyed by a resolvable
  ``@key`` of the type there, or of an ``@interfaceObject`` interface it implements
  (``entity_moves``);
* abstract move — narrow an interface/union to the object types the subgraph can return
  (``SupergraphState.runtime_types_in``).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import GraphQLSchema

from router.operation.collect import FieldCollector
from router.operation.tree import Field, Selection
from router.planner.fieldset import parse_field_set
from router.supergraph.state import JoinType, SupergraphField, SupergraphState
from router.types import SubgraphName, TypeName

__all__ = ["EntityMove", "FederationGraph"]


@dataclass(frozen=True, slots=True)
class EntityMove:
    """Jump into ``subgraph`` with a representation typed ``send_typename`` keyed by ``key``."""

    subgraph: SubgraphName
    send_typename: TypeName
    key: JoinType


class FederationGraph:
    def __init__(
        self, state: SupergraphState, schema: GraphQLSchema, collector: FieldCollector
    ) -> None:
        self.state = state
        self.schema = schema
        self.collector = collector
        self.order = {name: i for i, name in enumerate(state.subgraphs)}
        self._moves: dict[tuple[TypeName, SubgraphName], list[EntityMove]] = {}

    def field(self, type_name: TypeName, name: str) -> SupergraphField | None:
        return self.state.field(type_name, name)

    def is_interface_object(self, type_name: TypeName, subgraph: SubgraphName) -> bool:
        """Is the interface only an ``@interfaceObject`` (an object) in this subgraph?"""
        t = self.state.types.get(type_name)
        return t is not None and t.kind == "interface" and t.is_interface_object_in(subgraph)

    def in_api(self, type_name: TypeName) -> bool:
        return self.schema.get_type(type_name) is not None

    def requires_of(
        self, type_name: TypeName, name: str, subgraph: SubgraphName
    ) -> tuple[Selection, ...] | None:
        j = self.state.field_join(type_name, name, subgraph)
        if j is None or j.requires is None:
            return None
        return parse_field_set(j.requires)

    def provides_of(
        self, type_name: TypeName, name: str, subgraph: SubgraphName
    ) -> tuple[Selection, ...] | None:
        j = self.state.field_join(type_name, name, subgraph)
        if j is None or j.provides is None:
            return None
        return parse_field_set(j.provides)

    def provided_has(
        self, provided: tuple[Selection, ...] | None, type_name: TypeName, name: str
    ) -> bool:
        if not provided:
            return False
        return any(f.name == name for f in self.collector.collect(provided, type_name))

    def sub_provided(
        self,
        subgraph: SubgraphName,
        type_name: TypeName,
        f: Field,
        provided: tuple[Selection, ...] | None,
    ) -> tuple[Selection, ...] | None:
        own = self.provides_of(type_name, f.name, subgraph)
        if own is not None:
            return own
        if not provided:
            return None
        subs: tuple[Selection, ...] = ()
        for p in self.collector.collect(provided, type_name):
            if p.name == f.name and p.selections:
                subs += p.selections
        return subs or None

    def can_resolve(
        self,
        subgraph: SubgraphName,
        type_name: TypeName,
        name: str,
        provided: tuple[Selection, ...] | None,
    ) -> bool:
        """A field move: ``type_name.name`` straight from ``subgraph`` (no ``@requires``)."""
        if name == "__typename":
            return not self.is_interface_object(type_name, subgraph)
        sf = self.state.field(type_name, name)
        if sf is None:
            return False
        if subgraph in sf.resolvable_in:
            return self.requires_of(type_name, name, subgraph) is None
        return self.provided_has(provided, type_name, name)

    def resolvable_with_requires(
        self, subgraph: SubgraphName, type_name: TypeName, name: str
    ) -> bool:
        """Can an ``_entities`` call to ``subgraph`` resolve the field (requires allowed)?"""
        if name == "__typename":
            return not self.is_interface_object(type_name, subgraph)
        sf = self.state.field(type_name, name)
        return sf is not None and subgraph in sf.resolvable_in

    def serving_subgraphs(
        self,
        subgraph: SubgraphName,
        type_name: TypeName,
        name: str,
        serving: frozenset[SubgraphName],
    ) -> frozenset[SubgraphName]:
        """The subgraphs that could equally serve ``type_name.name`` where ``subgraph`` does.

        ``serving`` are those of the parent's path. A parent that is an entity can be reached
        in any subgraph with a resolvable key for it, so every one of them that resolves the
        field counts; below a value type only the parent's path's subgraphs do. The walker
        keeps only the union members all of them know (``SupergraphState.union_members_in``).
        """
        sf = self.state.field(type_name, name)
        if sf is None:
            return frozenset((subgraph,))
        t = self.state.types[type_name]
        return frozenset(
            s
            for s in sf.resolvable_in
            if s == subgraph or s in serving or (t.kind == "object" and t.keys_in(s))
        )

    def entity_moves(self, type_name: TypeName) -> list[EntityMove]:
        """Every entity move that lands on ``type_name`` (or an interface object of it)."""
        hit = self._moves.get((type_name, ""))
        if hit is not None:
            return hit
        t = self.state.types[type_name]
        moves: list[EntityMove] = []
        for sub in self.state.subgraphs:
            if t.kind == "interface":
                if not t.is_interface_object_in(sub):
                    moves.extend(EntityMove(sub, type_name, k) for k in t.keys_in(sub))
                else:
                    moves.extend(EntityMove(sub, type_name, k) for k in t.keys_in(sub))
                continue
            moves.extend(EntityMove(sub, type_name, k) for k in t.keys_in(sub))
            for iface in t.interfaces:
                it = self.state.types.get(iface)
                if it is not None and it.is_interface_object_in(sub):
                    moves.extend(EntityMove(sub, iface, k) for k in it.keys_in(sub))
        self._moves[(type_name, "")] = moves
        return moves

"""walk_operation: turn a normalized operation into a fetch dependency graph.

The walker descends the client's selections from a ``Position``: a type in one subgraph,
inside the fetch being built. A field the subgraph resolves is a field move (added to the
current fetch); anything else needs an entity move: the key (and any ``@requires`` fields) are
added to the current fetch, and a new or merged ``_entities`` fetch in the target subgraph
takes over. Before committing to a move it asks the cost model (``cost.py``) what serving the
sub-tree from there costs, and ``best.py`` which move is best, which is how shareable fields
and value types pick the subgraph that can actually answer them. An ``@interfaceObject``
(an interface another subgraph only knows as an object) first needs a move to a subgraph that
knows its concrete type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from router.errors import PlanningError
from router.operation.tree import Field, InlineFragment, NormalizedOperation, Selection
from router.planner.best import Candidate, NoEntityMoveError, best_candidate, split_per_child
from router.planner.cost import INF, CostModel, Provided, concrete_type_fragments
from router.planner.fetch_graph import FetchGraph, FetchGroup, Representation
from router.planner.fieldset import parse_field_set
from router.planner.graph import EntityMove, FederationGraph
from router.planner.selection import FieldSel, SelNode
from router.supergraph.state import JoinType
from router.types import MergePath, SubgraphName, TypeName

__all__ = ["Position", "WalkError", "walk_operation"]

_NO_KEY = JoinType(graph="")


class WalkError(PlanningError):
    """The operation cannot be walked: an unknown root field, or one no subgraph resolves."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the walk stands: ``type_name`` in ``fetch``'s subgraph, writing into ``output``.

    ``path`` is the response path the fetch's answer merges at, ``provided`` what a
    ``@provides`` above makes resolvable here, ``depth`` the entity moves taken so far
    (bounded by ``cost.MAX_DEPTH``), and ``serving`` the subgraphs that could equally serve
    this path (``FederationGraph.serving_subgraphs``: which union members are safe).
    """

    fetch: FetchGroup
    type_name: TypeName
    output: SelNode
    path: MergePath = ()
    provided: Provided = None
    depth: int = 0
    serving: frozenset[SubgraphName] = frozenset()

    @property
    def subgraph(self) -> SubgraphName:
        return self.fetch.subgraph

    @classmethod
    def at_root(
        cls, fetch: FetchGroup, root: TypeName, serving: frozenset[SubgraphName]
    ) -> Position:
        return cls(fetch, root, fetch.selection, serving=serving)

    @classmethod
    def in_entity_fetch(cls, fetch: FetchGroup, type_name: TypeName, depth: int) -> Position:
        """Inside an ``_entities`` fetch: ``... on type_name`` of its answer."""
        return cls(
            fetch, type_name, fetch.selection.fragment(type_name), fetch.merge_path, None, depth
        )

    def as_type(self, type_name: TypeName, output: SelNode) -> Position:
        """The same spot seen as one of the object types an abstract type stands for."""
        return replace(self, type_name=type_name, output=output)

    def below(
        self,
        f: Field,
        type_name: TypeName,
        output: SelNode,
        list_depth: int,
        provided: Provided,
        serving: frozenset[SubgraphName],
    ) -> Position:
        """Inside field ``f`` (of ``type_name`` here), still in the same fetch."""
        path = (*self.path, f.response_key, *("@",) * list_depth)
        return replace(
            self, type_name=type_name, output=output, path=path, provided=provided, serving=serving
        )

    def deeper(self) -> Position:
        return replace(self, depth=self.depth + 1)


class Walker:
    def __init__(self, graph: FederationGraph, op: NormalizedOperation) -> None:
        self.g = graph
        self.op = op
        self.fetches = FetchGraph()
        self.collect = graph.collector.collect
        self.state = graph.state
        self.cost = CostModel(graph)

    def resolvable_here(self, at: Position, f: Field) -> bool:
        return self.cost.local(at.subgraph, at.type_name, f, at.provided, at.depth) < INF

    # ---- planning (commits fetches) -----------------------------------------------------

    def walk_type(self, at: Position, selections: tuple[Selection, ...]) -> None:
        sub, type_name = at.subgraph, at.type_name
        t = self.state.types[type_name]
        if self.g.is_interface_object(type_name, sub):
            fields = self.collect(selections, type_name)
            rest: list[Selection] = [f for f in fields if not self.resolvable_here(at, f)]
            self.walk_fields(at, [f for f in fields if f not in rest])
            rest += concrete_type_fragments(selections, type_name)
            if rest:
                self._move_to_concrete_type(at, tuple(rest))
            return
        if t.kind == "object":
            self.walk_fields(at, self.collect(selections, type_name))
            return
        at.output.add_typename()
        if t.kind == "union":
            runtime = self.state.union_members_in(type_name, sub, at.serving)
        else:
            runtime = self.state.runtime_types_in(type_name, sub)
        for object_type in runtime:
            fields = self.collect(selections, object_type)
            if fields:
                self.walk_fields(at.as_type(object_type, at.output.fragment(object_type)), fields)
        self._alias_type_clashes(sub, at.output)

    def _alias_type_clashes(self, sub: SubgraphName, target: SelNode) -> None:
        """Alias same-key fields whose types differ between sibling fragments (``ID`` vs
        ``ID!``): the subgraph would reject the query as having conflicting fields."""
        seen: dict[str, str] = {}
        for object_type, frag in target.fragments.items():
            for key, fs in frag.fields.items():
                if fs.name == "__typename":
                    continue
                text = self.state.type_in(object_type, fs.name, sub)
                first = seen.setdefault(key, text)
                if first != text and fs.output_key is None:
                    fs.output_key = key
                    fs.response_key = f"{key}__alias_{object_type}"

    def walk_fields(
        self,
        at: Position,
        fields: tuple[Field, ...] | list[Field],
        *,
        allow_requires: bool = False,
    ) -> None:
        """Field moves for what this subgraph resolves; entity moves for the rest.

        ``allow_requires``: inside an ``_entities`` fetch, where ``@requires`` fields were
        sent along with the representation."""
        sub, type_name = at.subgraph, at.type_name
        pending: list[Field] = []
        for f in fields:
            if f.name == "__typename" and self.g.can_resolve(sub, type_name, f.name, None):
                at.output.add_typename()
                continue
            if allow_requires and f.selections is None:
                local = self.g.resolvable_with_requires(sub, type_name, f.name)
            elif allow_requires:
                local = self.cost.target(EntityMove(sub, type_name, _NO_KEY), f, at.depth) < INF
            else:
                local = self.resolvable_here(at, f)
            if not local and not allow_requires:
                part, rest = self.cost.split(sub, type_name, f, at.provided, at.depth)
                pending.append(rest)
                if part is None:
                    continue
                f = part
            elif not local:
                pending.append(f)
                continue
            fs = at.output.add(f, leaf=f.selections is None)
            if f.selections is not None:
                sf = self.g.field(type_name, f.name)
                assert sf is not None
                assert fs.sub is not None
                field_type = self.state.named_type_in(type_name, f.name, sub)
                if field_type != sf.type_name:
                    fs.sub.add_typename()  # the client's type is abstract: projection needs it
                inside = at.below(
                    f,
                    field_type,
                    fs.sub,
                    sf.list_depth,
                    self.g.sub_provided(sub, type_name, f, at.provided),
                    self.g.serving_subgraphs(sub, type_name, f.name, at.serving),
                )
                self.walk_type(inside, f.selections)
        if not pending:
            return
        if self.g.is_interface_object(type_name, sub):
            self._move_to_concrete_type(at, tuple(pending))
            return
        self._move_pending_fields(at, pending)

    def _move_pending_fields(self, at: Position, pending: list[Field]) -> None:
        remaining = pending
        while remaining:
            cands = self.cost.entity_move_candidates(
                at.subgraph, at.type_name, remaining, at.provided, at.depth
            )
            if not cands:
                split = split_per_child(self.g, at.type_name, remaining)
                if split is not None:
                    remaining = split
                    continue
                raise NoEntityMoveError(at.type_name, remaining, at.subgraph)
            best = best_candidate(cands)
            self._apply_entity_move(at, best)
            done = {id(f) for f in best.covered}
            remaining = [f for f in remaining if id(f) not in done]

    def _representation(
        self, at: Position, move: EntityMove, requires: list[tuple[Selection, ...]]
    ) -> tuple[Representation, set[int]]:
        """Select the key (and ``@requires`` fields) here; the representation built from
        them, and the fetches the entity fetch must wait for."""
        before = len(self.fetches.touched)
        at.output.add_typename()
        rep = SelNode()
        rep.add_typename()
        for fs in [parse_field_set(move.key.key or ""), *requires]:
            self.walk_fields(at.deeper(), self.collect(fs, at.type_name))
            _mirror(rep, fs)
        deps = {at.fetch.id, *self.fetches.touched[before:]}
        return Representation(at.type_name, move.send_typename, rep), deps

    def _apply_entity_move(self, at: Position, cand: Candidate) -> None:
        move = cand.move
        # fields whose @requires select the same field with other arguments cannot share a
        # representation: give each compatible batch its own fetch
        batches: list[tuple[list[Field], list[tuple[Selection, ...]], SelNode]] = []
        for f in cand.covered:
            req = self.g.requires_of(move.send_typename, f.name, move.subgraph)
            probe = SelNode()
            if req is not None:
                _mirror(probe, req)
            for fields, reqs, shape in batches:
                if not shape.conflicts_with(probe):
                    fields.append(f)
                    if req is not None:
                        reqs.append(req)
                    shape.merge(probe)
                    break
            else:
                batches.append(([f], [req] if req is not None else [], probe))
        for fields, reqs, _ in batches:
            rep, deps = self._representation(at, move, reqs)
            fetch = self.fetches.entity_group(
                move.subgraph, at.path, deps, rep, at.fetch.root_index
            )
            target = Position.in_entity_fetch(fetch, move.send_typename, at.depth + 1)
            self.walk_fields(target, fields, allow_requires=True)

    def _move_to_concrete_type(self, at: Position, rest: tuple[Selection, ...]) -> None:
        """Below an ``@interfaceObject``: entity moves for the interface's fields another
        subgraph resolves as they are, and a move to a subgraph that knows the concrete type
        for ``__typename`` and fragments on implementations."""
        sub, iface = at.subgraph, at.type_name
        direct, rest = self.cost.split_interface_object_fields(
            sub, iface, rest, at.provided, at.depth
        )
        if direct:
            self._move_pending_fields(at, direct)
        if not rest:
            return
        picked = self.cost.concrete_type_move(sub, iface, rest, at.provided, at.depth)
        if picked is None:
            raise WalkError(
                f"no subgraph can tell the concrete type of {iface} returned by {sub!r}"
            )
        move = picked[0]
        rep, deps = self._representation(at, move, [])
        fetch = self.fetches.entity_group(move.subgraph, at.path, deps, rep, at.fetch.root_index)
        target = Position.in_entity_fetch(fetch, iface, at.depth + 1)
        target.output.add_typename()
        self.walk_type(target, rest)

    # ---- root --------------------------------------------------------------------------

    def walk_root(self) -> FetchGraph:
        op = self.op
        root = op.root_type
        fields = [
            f
            for f in self.collect(op.selections, root)
            if f.name not in ("__typename", "__schema", "__type")
        ]
        by_sub: dict[SubgraphName, FetchGroup] = {}
        prev: FetchGroup | None = None
        everywhere = frozenset(self.state.subgraphs)  # root fields: any subgraph may serve
        for index, f in enumerate(fields):
            sf = self.g.field(root, f.name)
            if sf is None:
                raise WalkError(f"unknown root field {root}.{f.name}")
            cands = sorted(sf.resolvable_in, key=lambda s: self.g.order[s])
            costs = {s: self.cost.local(s, root, f, None, 0) for s in cands}
            ok = sorted(
                (s for s in cands if costs[s] < INF),
                key=lambda s: (costs[s], s not in by_sub and s != getattr(prev, "subgraph", None)),
            )
            if op.operation_type == "mutation":
                if not ok:
                    raise WalkError(f"no subgraph can resolve {root}.{f.name}")
                sub = ok[0]
                if prev is None or prev.subgraph != sub:
                    prev = self.fetches.new_root(sub, "mutation", root_index=index)
                self.walk_fields(Position.at_root(prev, root, everywhere), [f])
                continue
            if ok:
                sub = ok[0]
                self._plan_root_field(by_sub, sub, f)
                continue
            self._split_root_field(by_sub, root, f, cands)
        return self.fetches

    def _plan_root_field(
        self, by_sub: dict[SubgraphName, FetchGroup], sub: SubgraphName, f: Field
    ) -> None:
        group = by_sub.get(sub)
        if group is None:
            group = by_sub[sub] = self.fetches.new_root(sub, self.op.operation_type)
        everywhere = frozenset(self.state.subgraphs)
        self.walk_fields(Position.at_root(group, self.op.root_type, everywhere), [f])

    def _root_resolvable(self, sub: SubgraphName, f: Field) -> bool:
        return self.cost.local(sub, self.op.root_type, f, None, 0) < INF

    def _split_root_field(
        self,
        by_sub: dict[SubgraphName, FetchGroup],
        root: TypeName,
        f: Field,
        cands: list[SubgraphName],
    ) -> None:
        """A shareable root field no single subgraph can fully serve: ask each for a part."""
        sf = self.g.field(root, f.name)
        assert sf is not None
        if f.selections is None or self.state.types[sf.type_name].kind != "object":
            raise WalkError(f"no subgraph can resolve {root}.{f.name}")
        parts: dict[SubgraphName, list[Selection]] = {}
        for sub_field in self.collect(f.selections, sf.type_name):
            part = Field(
                f.response_key, f.name, f.arguments, (sub_field,), f.args_text, f.variables
            )
            chosen = next(
                (s for s in cands if s in parts and self._root_resolvable(s, part)), None
            ) or next((s for s in cands if self._root_resolvable(s, part)), None)
            if chosen is None:
                raise WalkError(f"no subgraph can resolve {root}.{f.name}.{sub_field.name}")
            parts.setdefault(chosen, []).append(sub_field)
        for sub, subs in parts.items():
            part = Field(f.response_key, f.name, f.arguments, tuple(subs), f.args_text, f.variables)
            self._plan_root_field(by_sub, sub, part)


def _mirror(rep: SelNode, selections: tuple[Selection, ...]) -> None:
    """Copy a field set into a representation shape: keyed by name, read from response key."""
    for s in selections:
        if isinstance(s, InlineFragment):
            _mirror(rep.fragment(s.type_condition or ""), s.selections)
            continue
        fs = rep.fields.get(s.name)
        if fs is None:
            fs = rep.fields[s.name] = FieldSel(
                s.name, s.response_key, s.args_text, s.variables, None
            )
        if s.selections is not None:
            if fs.sub is None:
                fs.sub = SelNode()
            _mirror(fs.sub, s.selections)


def walk_operation(graph: FederationGraph, op: NormalizedOperation) -> FetchGraph:
    return Walker(graph, op).walk_root()

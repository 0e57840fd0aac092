"""walk_operation: turn a normalized operation into a fetch dependency graph.

The walker descends the client's selections while "standing" in one subgraph. A field the
subgraph resolves is a field move (added to the current fetch); anything else needs an entity
move: the key (and any ``@requires`` fields) are added to the current fetch, and a new or
merged ``_entities`` fetch in the target subgraph takes over. Before committing to a move
it asks the cost model (``cost.py``) what serving the sub-tree from there costs, which is how
shareable fields and value types pick the subgraph that can actually answer them.
"""

from __future__ import annotations

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

__all__ = ["walk_operation"]

_NO_KEY = JoinType(graph="")


class Walker:
    def __init__(self, graph: FederationGraph, op: NormalizedOperation) -> None:
        self.g = graph
        self.op = op
        self.fetches = FetchGraph()
        self.collect = graph.collector.collect
        self.state = graph.state
        self.cost = CostModel(graph)

    def resolvable_here(
        self, sub: SubgraphName, type_name: TypeName, f: Field, provided: Provided, depth: int
    ) -> bool:
        return self.cost.local(sub, type_name, f, provided, depth) < INF

    # ---- planning (commits fetches) -----------------------------------------------------

    def walk_type(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        type_name: TypeName,
        selections: tuple[Selection, ...],
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
        serving: frozenset[SubgraphName] = frozenset(),
    ) -> None:
        t = self.state.types[type_name]
        if self.g.is_interface_object(type_name, sub):
            fields = self.collect(selections, type_name)
            rest: list[Selection] = [
                f for f in fields if not self.resolvable_here(sub, type_name, f, provided, depth)
            ]
            local = [f for f in fields if f not in rest]
            self.walk_fields(
                group, sub, type_name, local, target, path, provided, depth, serving=serving
            )
            rest += concrete_type_fragments(selections, type_name)
            if rest:
                self._move_to_concrete_type(
                    group, sub, type_name, tuple(rest), target, path, provided, depth
                )
            return
        if t.kind == "object":
            fields = self.collect(selections, type_name)
            self.walk_fields(
                group, sub, type_name, fields, target, path, provided, depth, serving=serving
            )
            return
        target.add_typename()
        if t.kind == "union":
            runtime = self.state.union_members_in(type_name, sub, serving)
        else:
            runtime = self.state.runtime_types_in(type_name, sub)
        for obj in runtime:
            fields = self.collect(selections, obj)
            if not fields:
                continue
            self.walk_fields(group, sub, obj, fields, target.fragment(obj), path, provided, depth)
        self._alias_type_clashes(sub, target)

    def _alias_type_clashes(self, sub: SubgraphName, target: SelNode) -> None:
        """Alias same-key fields whose types differ between sibling fragments (``ID`` vs
        ``ID!``): the subgraph would reject the query as having conflicting fields."""
        seen: dict[str, str] = {}
        for obj, frag in target.fragments.items():
            for key, fs in frag.fields.items():
                if fs.name == "__typename":
                    continue
                text = self.state.type_in(obj, fs.name, sub)
                first = seen.setdefault(key, text)
                if first != text and fs.output_key is None:
                    fs.output_key = key
                    fs.response_key = f"{key}__alias_{obj}"

    def walk_fields(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        type_name: TypeName,
        fields: tuple[Field, ...] | list[Field],
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
        *,
        allow_requires: bool = False,
        serving: frozenset[SubgraphName] = frozenset(),
    ) -> None:
        pending: list[Field] = []
        for f in fields:
            if f.name == "__typename" and self.g.can_resolve(sub, type_name, f.name, None):
                target.add_typename()
                continue
            if allow_requires and f.selections is None:
                local = self.g.resolvable_with_requires(sub, type_name, f.name)
            elif allow_requires:
                local = self.cost.target(EntityMove(sub, type_name, _NO_KEY), f, depth) < INF
            else:
                local = self.resolvable_here(sub, type_name, f, provided, depth)
            if not local and not allow_requires:
                part, rest = self.cost.split(sub, type_name, f, provided, depth)
                pending.append(rest)
                if part is None:
                    continue
                f = part
            elif not local:
                pending.append(f)
                continue
            fs = target.add(f, leaf=f.selections is None)
            if f.selections is not None:
                sf = self.g.field(type_name, f.name)
                assert sf is not None
                assert fs.sub is not None
                sub_type = self.state.named_type_in(type_name, f.name, sub)
                if sub_type != sf.type_name:
                    fs.sub.add_typename()  # the client's type is abstract: projection needs it
                self.walk_type(
                    group,
                    sub,
                    sub_type,
                    f.selections,
                    fs.sub,
                    (*path, f.response_key, *("@",) * sf.list_depth),
                    self.g.sub_provided(sub, type_name, f, provided),
                    depth,
                    self.g.serving_subgraphs(sub, type_name, f.name, serving),
                )
        if not pending:
            return
        if self.g.is_interface_object(type_name, sub):
            self._move_to_concrete_type(
                group, sub, type_name, tuple(pending), target, path, provided, depth
            )
            return
        self._move_pending_fields(group, sub, type_name, pending, target, path, provided, depth)

    def _move_pending_fields(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        type_name: TypeName,
        pending: list[Field],
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
    ) -> None:
        remaining = pending
        while remaining:
            cands = self.cost.entity_move_candidates(sub, type_name, remaining, provided, depth)
            if not cands:
                split = split_per_child(self.g, type_name, remaining)
                if split is not None:
                    remaining = split
                    continue
                raise NoEntityMoveError(type_name, remaining, sub)
            best = best_candidate(cands)
            self._apply_entity_move(group, sub, type_name, best, target, path, provided, depth)
            done = {id(f) for f in best.covered}
            remaining = [f for f in remaining if id(f) not in done]

    def _representation(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        type_name: TypeName,
        move: EntityMove,
        requires: list[tuple[Selection, ...]],
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
    ) -> tuple[Representation, set[int]]:
        before = len(self.fetches.touched)
        target.add_typename()
        rep = SelNode()
        rep.add_typename()
        for fs in [parse_field_set(move.key.key or ""), *requires]:
            fields = self.collect(fs, type_name)
            self.walk_fields(group, sub, type_name, fields, target, path, provided, depth + 1)
            _mirror(rep, fs)
        deps = {group.id, *self.fetches.touched[before:]}
        return Representation(type_name, move.send_typename, rep), deps

    def _apply_entity_move(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        type_name: TypeName,
        cand: Candidate,
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
    ) -> None:
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
            rep, deps = self._representation(
                group, sub, type_name, move, reqs, target, path, provided, depth
            )
            g = self.fetches.entity_group(move.subgraph, path, deps, rep, group.root_index)
            self.walk_fields(
                g,
                move.subgraph,
                move.send_typename,
                fields,
                g.selection.fragment(move.send_typename),
                path,
                None,
                depth + 1,
                allow_requires=True,
            )

    def _move_to_concrete_type(
        self,
        group: FetchGroup,
        sub: SubgraphName,
        iface: TypeName,
        rest: tuple[Selection, ...],
        target: SelNode,
        path: MergePath,
        provided: Provided,
        depth: int,
    ) -> None:
        direct, rest = self.cost.split_interface_object_fields(sub, iface, rest, provided, depth)
        if direct:
            self._move_pending_fields(group, sub, iface, direct, target, path, provided, depth)
        if not rest:
            return
        picked = self.cost.concrete_type_move(sub, iface, rest, provided, depth)
        if picked is None:
            raise PlanningError(
                f"no subgraph can tell the concrete type of {iface} returned by {sub!r}"
            )
        move = picked[0]
        rep, deps = self._representation(group, sub, iface, move, [], target, path, provided, depth)
        g = self.fetches.entity_group(move.subgraph, path, deps, rep, group.root_index)
        sel = g.selection.fragment(iface)
        sel.add_typename()
        self.walk_type(g, move.subgraph, iface, rest, sel, path, None, depth + 1)

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
                raise PlanningError(f"unknown root field {root}.{f.name}")
            cands = sorted(sf.resolvable_in, key=lambda s: self.g.order[s])
            costs = {s: self.cost.local(s, root, f, None, 0) for s in cands}
            ok = sorted(
                (s for s in cands if costs[s] < INF),
                key=lambda s: (costs[s], s not in by_sub and s != getattr(prev, "subgraph", None)),
            )
            if op.operation_type == "mutation":
                if not ok:
                    raise PlanningError(f"no subgraph can resolve {root}.{f.name}")
                sub = ok[0]
                if prev is None or prev.subgraph != sub:
                    prev = self.fetches.new_root(sub, "mutation", root_index=index)
                self.walk_fields(
                    prev, sub, root, [f], prev.selection, (), None, 0, serving=everywhere
                )
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
        self.walk_fields(
            group, sub, self.op.root_type, [f], group.selection, (), None, 0, serving=everywhere
        )

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
            raise PlanningError(f"no subgraph can resolve {root}.{f.name}")
        parts: dict[SubgraphName, list[Selection]] = {}
        for sub_field in self.collect(f.selections, sf.type_name):
            part = Field(
                f.response_key, f.name, f.arguments, (sub_field,), f.args_text, f.variables
            )
            chosen = next(
                (s for s in cands if s in parts and self.resolvable_here(s, root, part, None, 0)),
                None,
            ) or next((s for s in cands if self.resolvable_here(s, root, part, None, 0)), None)
            if chosen is None:
                raise PlanningError(f"no subgraph can resolve {root}.{f.name}.{sub_field.name}")
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

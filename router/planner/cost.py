"""The cost model: how many fetches serving a selection from a given subgraph would take.

Pure (commits nothing). ``INF`` means "impossible from here". The walker asks it before
committing to a move: which subgraph serves a shareable root field best, whether a field can
stay in the current fetch, which entity move covers pending fields most cheaply. An entity
move costs 1 plus what its key, its ``@requires`` and its sub-tree cost.
"""

from __future__ import annotations

from router.operation.tree import Field, InlineFragment, Selection
from router.planner.best import Candidate, best_candidate, split_per_child, with_selections
from router.planner.fieldset import parse_field_set
from router.planner.graph import EntityMove, FederationGraph
from router.types import SubgraphName, TypeName

__all__ = ["INF", "MAX_DEPTH", "CostModel", "Provided", "concrete_type_fragments"]

INF = 1 << 30
ENTITY_MOVE_COST = 1000
"""An entity move's weight; each field it carries adds 1, so smaller moves win ties."""
MAX_DEPTH = 12
"""Bound on chained entity moves, so requires cycles end instead of recursing forever."""

Provided = tuple[Selection, ...] | None


class CostModel:
    def __init__(self, graph: FederationGraph) -> None:
        self.g = graph
        self.state = graph.state
        self.collect = graph.collector.collect
        self._memo: dict[tuple[object, ...], int] = {}
        self._options: dict[tuple[object, ...], list[Candidate]] = {}
        self._keep: list[object] = []  # keeps memoized ids alive for the walk

    # ---- types and their fields ---------------------------------------------------------

    def type_cost(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        selections: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        if depth > MAX_DEPTH:
            return INF
        key = ("type", sub, type_name, id(selections), id(provided))
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        self._memo[key] = INF  # cycle guard: a position that needs itself is impossible
        self._keep.append((selections, provided))
        cost = self._type_cost(sub, type_name, selections, provided, depth)
        self._memo[key] = cost
        return cost

    def _type_cost(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        selections: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        t = self.state.types[type_name]
        if self.g.is_interface_object(type_name, sub):
            total = 0
            rest: list[Selection] = []
            for f in self.collect(selections, type_name):
                c = self.local(sub, type_name, f, provided, depth)
                if c >= INF:
                    rest.append(f)
                else:
                    total += c
            rest += concrete_type_fragments(selections, type_name)
            if rest:
                total += self.interface_object_cost(sub, type_name, tuple(rest), provided, depth)
            return min(total, INF)
        if t.kind == "object":
            return self.fields_cost(
                sub, type_name, self.collect(selections, type_name), provided, depth
            )
        runtime = self.state.runtime_types_in(type_name, sub)
        if not runtime and t.kind == "interface":
            # nothing can come back but the interface itself: its fields must be here
            ok = all(
                f.name == "__typename" or self.g.can_resolve(sub, type_name, f.name, provided)
                for f in self.collect(selections, type_name)
            )
            return 0 if ok else INF
        total = 0
        for object_type in runtime:
            total += self.fields_cost(
                sub, object_type, self.collect(selections, object_type), provided, depth
            )
        return min(total, INF)

    def fields_cost(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: tuple[Field, ...] | list[Field],
        provided: Provided,
        depth: int,
    ) -> int:
        if depth > MAX_DEPTH:
            return INF
        key = ("fields", sub, type_name, *(id(f) for f in fields), id(provided))
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        self._memo[key] = INF
        self._keep.append((fields, provided))
        cost = self._fields_cost(sub, type_name, fields, provided, depth)
        self._memo[key] = cost
        return cost

    def _fields_cost(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: tuple[Field, ...] | list[Field],
        provided: Provided,
        depth: int,
    ) -> int:
        total = 0
        pending: list[Field] = []
        for f in fields:
            c = self.local(sub, type_name, f, provided, depth)
            if c >= INF:
                pending.append(f)
            else:
                total += c
        if not pending:
            return total
        if self.g.is_interface_object(type_name, sub):
            return min(
                total + self.interface_object_cost(sub, type_name, tuple(pending), provided, depth),
                INF,
            )
        parts = [self.split(sub, type_name, f, provided, depth) for f in pending]
        total += sum(self.local(sub, type_name, p, provided, depth) for p, _ in parts if p)
        return min(
            total + self.entity_moves_cost(sub, type_name, [r for _, r in parts], provided, depth),
            INF,
        )

    def local(
        self, sub: SubgraphName, type_name: TypeName, f: Field, provided: Provided, depth: int
    ) -> int:
        """Cost of resolving ``f`` inside the current fetch (INF when it cannot stay)."""
        if not self.g.can_resolve(sub, type_name, f.name, provided):
            return INF
        if f.selections is None:
            return 0
        return self.type_cost(
            sub,
            self.state.named_type_in(type_name, f.name, sub),
            f.selections,
            self.g.sub_provided(sub, type_name, f, provided),
            depth,
        )

    def target(self, move: EntityMove, f: Field, depth: int) -> int:
        """Cost of ``f`` inside the ``_entities`` fetch of ``move`` (requires allowed)."""
        t = move.send_typename
        if not self.g.resolvable_with_requires(move.subgraph, t, f.name):
            return INF
        if f.selections is None:
            return 0
        return self.type_cost(
            move.subgraph,
            self.state.named_type_in(t, f.name, move.subgraph),
            f.selections,
            self.g.provides_of(t, f.name, move.subgraph),
            depth,
        )

    # ---- entity moves ------------------------------------------------------------------

    def entity_moves_cost(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        pending: list[Field],
        provided: Provided,
        depth: int,
    ) -> int:
        """Greedy cost of covering ``pending`` with entity moves (as the walker will)."""
        total = 0
        remaining = pending
        split = False
        while remaining:
            cands = self.entity_move_candidates(sub, type_name, remaining, provided, depth)
            if not cands:
                more = None if split else split_per_child(self.g, type_name, remaining)
                if more is None:
                    return INF
                remaining, split = more, True
                continue
            best = best_candidate(cands)
            total += best.cost
            done = {id(f) for f in best.covered}
            remaining = [f for f in remaining if id(f) not in done]
        return total

    def entity_move_candidates(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: list[Field],
        provided: Provided,
        depth: int,
    ) -> list[Candidate]:
        if depth >= MAX_DEPTH:
            return []
        key = ("moves", sub, type_name, *(id(f) for f in fields), id(provided))
        hit = self._options.get(key)
        if hit is not None:
            return hit
        self._options[key] = []  # cycle guard
        self._keep.append((fields, provided))
        out = self._entity_move_candidates(sub, type_name, fields, provided, depth)
        self._options[key] = out
        return out

    def _entity_move_candidates(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: list[Field],
        provided: Provided,
        depth: int,
    ) -> list[Candidate]:
        out: list[Candidate] = []
        for move in self.g.entity_moves(type_name):
            covered: list[Field] = []
            cost = ENTITY_MOVE_COST
            for f in fields:
                if move.subgraph == sub and (
                    self.g.requires_of(move.send_typename, f.name, sub) is None
                ):
                    continue  # a move back into the same subgraph only serves @requires
                c = self.target(move, f, depth + 1)
                if c >= INF:
                    continue
                req = self.g.requires_of(move.send_typename, f.name, move.subgraph)
                if req is not None:
                    rc = self.fields_cost(
                        sub, type_name, self.collect(req, type_name), provided, depth + 1
                    )
                    if rc >= INF:
                        continue
                    c += rc
                covered.append(f)
                cost += c + _size(f)
            if not covered:
                continue
            key = self.collect(parse_field_set(move.key.key or ""), type_name)
            kc = self.fields_cost(sub, type_name, key, provided, depth + 1)
            if kc >= INF:
                continue
            out.append(Candidate(move, covered, min(cost + kc, INF)))
        return out

    def concrete_type_moves(self, sub: SubgraphName, iface: TypeName) -> list[EntityMove]:
        it = self.state.types[iface]
        return [
            EntityMove(s, iface, k)
            for s in self.state.subgraphs
            if s != sub and not it.is_interface_object_in(s)
            for k in it.keys_in(s)
        ]

    def split_interface_object_fields(
        self,
        sub: SubgraphName,
        iface: TypeName,
        rest: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> tuple[list[Field], tuple[Selection, ...]]:
        """Below an ``@interfaceObject``: (interface fields an entity move can bring as is,
        what needs the concrete type first — ``__typename``, type fragments, the rest)."""
        fields = [s for s in rest if isinstance(s, Field) and s.name != "__typename"]
        covered: set[int] = set()
        for c in self.entity_move_candidates(sub, iface, fields, provided, depth):
            covered |= {id(f) for f in c.covered}
        direct = [f for f in fields if id(f) in covered]
        return direct, tuple(s for s in rest if id(s) not in covered)

    def interface_object_cost(
        self,
        sub: SubgraphName,
        iface: TypeName,
        rest: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        direct, needs_type = self.split_interface_object_fields(sub, iface, rest, provided, depth)
        total = self.entity_moves_cost(sub, iface, direct, provided, depth) if direct else 0
        if needs_type:
            picked = self.concrete_type_move(sub, iface, needs_type, provided, depth)
            total += INF if picked is None else picked[1]
        return min(total, INF)

    def concrete_type_move(
        self,
        sub: SubgraphName,
        iface: TypeName,
        rest: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> tuple[EntityMove, int] | None:
        """The move that tells an ``@interfaceObject``'s concrete type, and its cost."""
        if depth >= MAX_DEPTH:
            return None
        best: tuple[EntityMove, int] | None = None
        for move in self.concrete_type_moves(sub, iface):
            key = self.collect(parse_field_set(move.key.key or ""), iface)
            kc = self.fields_cost(sub, iface, key, provided, depth + 1)
            if kc >= INF:
                continue
            c = self.type_cost(move.subgraph, iface, rest, None, depth + 1)
            if c >= INF:
                continue
            if best is None or ENTITY_MOVE_COST + kc + c < best[1]:
                best = (move, ENTITY_MOVE_COST + kc + c)
        return best

    # ---- splitting object fields between subgraphs --------------------------------------

    def split(
        self, sub: SubgraphName, type_name: TypeName, f: Field, provided: Provided, depth: int
    ) -> tuple[Field | None, Field]:
        """Split an object field the subgraph resolves only in part: (local part, the rest).

        E.g. ``category { id details }`` where ``details`` lives where Category has no key:
        the current subgraph gives ``category { id }`` and an entity move on the parent
        gives ``category { details }``.
        """
        sf = self.g.field(type_name, f.name)
        if (
            f.selections is None
            or sf is None
            or not self.g.can_resolve(sub, type_name, f.name, provided)
            or self.state.types[sf.type_name].kind != "object"
        ):
            return None, f
        sub_prov = self.g.sub_provided(sub, type_name, f, provided)
        local: list[Selection] = []
        rest: list[Selection] = []
        for child in self.collect(f.selections, sf.type_name):
            if child.name == "__typename" or (
                self.local(sub, sf.type_name, child, sub_prov, depth) < INF
            ):
                local.append(child)
            else:
                rest.append(child)
        if not local or not rest:
            return None, f
        return with_selections(f, tuple(local)), with_selections(f, tuple(rest))


def _size(f: Field) -> int:
    """How many fields a (sub-)selection holds: the tie-breaker between equal moves."""
    n = 1
    stack = [f.selections or ()]
    while stack:
        for s in stack.pop():
            if isinstance(s, Field):
                n += 1
                if s.selections:
                    stack.append(s.selections)
            else:
                stack.append(s.selections)
    return n


def concrete_type_fragments(selections: tuple[Selection, ...], iface: TypeName) -> list[Selection]:
    """Fragments on concrete types below an ``@interfaceObject``: they need the real type."""
    return [
        s
        for s in selections
        if isinstance(s, InlineFragment) and s.type_condition not in (None, iface)
    ]

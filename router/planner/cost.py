"""The cost model: how many fetches serving a selection from a given subgraph would take.

Pure (commits nothing). ``INF`` means "impossible from here". The walker asks it before
committing to a move: which subgraph serves a shareable root field best, whether a field can
stay in the current fetch, which entity move covers pending fields most cheaply. An entity
move costs 1 plus what its key, its ``@requires`` and its sub-tree cost.
"""

from __future__ import annotations

from dataclasses import dataclass

from router.operation.tree import Field, InlineFragment, Selection
from router.planner.fieldset import parse_field_set
from router.planner.graph import EntityMove, FederationGraph
from router.types import SubgraphName, TypeName

__all__ = ["INF", "MAX_DEPTH", "Candidate", "CostModel", "Provided", "with_selections"]

INF = 1 << 30
JUMP = 1000
"""An entity move's weight; each field it carries adds 1, so smaller moves win ties."""
MAX_DEPTH = 12
"""Bound on chained entity moves, so requires cycles end instead of recursing forever."""

Provided = tuple[Selection, ...] | None


@dataclass(slots=True)
class Candidate:
    move: EntityMove
    covered: list[Field]
    cost: int


def with_selections(f: Field, selections: tuple[Selection, ...]) -> Field:
    return Field(f.response_key, f.name, f.arguments, selections, f.args_text, f.variables)


class CostModel:
    def __init__(self, graph: FederationGraph) -> None:
        self.g = graph
        self.state = graph.state
        self.collect = graph.collector.collect
        self._memo: dict[tuple[object, ...], int] = {}
        self._options: dict[tuple[object, ...], list[Candidate]] = {}
        self._keep: list[object] = []  # keeps memoized ids alive for the walk

    # ---- positions and objects ---------------------------------------------------------

    def pos(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        selections: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        if depth > MAX_DEPTH:
            return INF
        key = ("pos", sub, type_name, id(selections), id(provided))
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        self._memo[key] = INF  # cycle guard: a position that needs itself is impossible
        self._keep.append((selections, provided))
        cost = self._pos(sub, type_name, selections, provided, depth)
        self._memo[key] = cost
        return cost

    def _pos(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        selections: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        t = self.state.types[type_name]
        if self.g.is_pseudo(type_name, sub):
            total = 0
            rest: list[Selection] = []
            for f in self.collect(selections, type_name):
                c = self.local(sub, type_name, f, provided, depth)
                if c >= INF:
                    rest.append(f)
                else:
                    total += c
            rest += pseudo_fragments(selections, type_name)
            if rest:
                total += self.pseudo_cost(sub, type_name, tuple(rest), provided, depth)
            return min(total, INF)
        if t.kind == "object":
            return self.obj(sub, type_name, self.collect(selections, type_name), provided, depth)
        runtime = self.state.runtime_types_in(type_name, sub)
        if not runtime and t.kind == "interface":
            # nothing can come back but the interface itself: its fields must be here
            ok = all(
                f.name == "__typename" or self.g.can_resolve(sub, type_name, f.name, provided)
                for f in self.collect(selections, type_name)
            )
            return 0 if ok else INF
        total = 0
        for obj in runtime:
            total += self.obj(sub, obj, self.collect(selections, obj), provided, depth)
        return min(total, INF)

    def obj(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: tuple[Field, ...] | list[Field],
        provided: Provided,
        depth: int,
    ) -> int:
        if depth > MAX_DEPTH:
            return INF
        key = ("obj", sub, type_name, *(id(f) for f in fields), id(provided))
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        self._memo[key] = INF
        self._keep.append((fields, provided))
        cost = self._obj(sub, type_name, fields, provided, depth)
        self._memo[key] = cost
        return cost

    def _obj(
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
        if self.g.is_pseudo(type_name, sub):
            return min(
                total + self.pseudo_cost(sub, type_name, tuple(pending), provided, depth), INF
            )
        parts = [self.split(sub, type_name, f, provided, depth) for f in pending]
        total += sum(self.local(sub, type_name, p, provided, depth) for p, _ in parts if p)
        return min(total + self.jumps(sub, type_name, [r for _, r in parts], provided, depth), INF)

    def local(
        self, sub: SubgraphName, type_name: TypeName, f: Field, provided: Provided, depth: int
    ) -> int:
        """Cost of resolving ``f`` inside the current fetch (INF when it cannot stay)."""
        if not self.g.can_resolve(sub, type_name, f.name, provided):
            return INF
        if f.selections is None:
            return 0
        return self.pos(
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
        return self.pos(
            move.subgraph,
            self.state.named_type_in(t, f.name, move.subgraph),
            f.selections,
            self.g.provides_of(t, f.name, move.subgraph),
            depth,
        )

    # ---- entity moves ------------------------------------------------------------------

    def jumps(
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
        exploded = False
        while remaining:
            cands = self.jump_options(sub, type_name, remaining, provided, depth)
            if not cands:
                more = None if exploded else explode(self, type_name, remaining)
                if more is None:
                    return INF
                remaining, exploded = more, True
                continue
            best = best_candidate(cands)
            total += best.cost
            done = {id(f) for f in best.covered}
            remaining = [f for f in remaining if id(f) not in done]
        return total

    def jump_options(
        self,
        sub: SubgraphName,
        type_name: TypeName,
        fields: list[Field],
        provided: Provided,
        depth: int,
    ) -> list[Candidate]:
        if depth >= MAX_DEPTH:
            return []
        key = ("jump", sub, type_name, *(id(f) for f in fields), id(provided))
        hit = self._options.get(key)
        if hit is not None:
            return hit
        self._options[key] = []  # cycle guard
        self._keep.append((fields, provided))
        out = self._jump_options(sub, type_name, fields, provided, depth)
        self._options[key] = out
        return out

    def _jump_options(
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
            cost = JUMP
            for f in fields:
                if move.subgraph == sub and (
                    self.g.requires_of(move.send_typename, f.name, sub) is None
                ):
                    continue  # a jump back into the same subgraph only serves @requires
                c = self.target(move, f, depth + 1)
                if c >= INF:
                    continue
                req = self.g.requires_of(move.send_typename, f.name, move.subgraph)
                if req is not None:
                    rc = self.obj(sub, type_name, self.collect(req, type_name), provided, depth + 1)
                    if rc >= INF:
                        continue
                    c += rc
                covered.append(f)
                cost += c + _size(f)
            if not covered:
                continue
            key = self.collect(parse_field_set(move.key.key or ""), type_name)
            kc = self.obj(sub, type_name, key, provided, depth + 1)
            if kc >= INF:
                continue
            out.append(Candidate(move, covered, min(cost + kc, INF)))
        return out

    def pseudo_moves(self, sub: SubgraphName, iface: TypeName) -> list[EntityMove]:
        it = self.state.types[iface]
        return [
            EntityMove(s, iface, k)
            for s in self.state.subgraphs
            if s != sub and not it.is_interface_object_in(s)
            for k in it.keys_in(s)
        ]

    def pseudo_split(
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
        for c in self.jump_options(sub, iface, fields, provided, depth):
            covered |= {id(f) for f in c.covered}
        direct = [f for f in fields if id(f) in covered]
        return direct, tuple(s for s in rest if id(s) not in covered)

    def pseudo_cost(
        self,
        sub: SubgraphName,
        iface: TypeName,
        rest: tuple[Selection, ...],
        provided: Provided,
        depth: int,
    ) -> int:
        direct, needs_type = self.pseudo_split(sub, iface, rest, provided, depth)
        total = self.jumps(sub, iface, direct, provided, depth) if direct else 0
        if needs_type:
            picked = self.pick_pseudo(sub, iface, needs_type, provided, depth)
            total += INF if picked is None else picked[1]
        return min(total, INF)

    def pick_pseudo(
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
        for move in self.pseudo_moves(sub, iface):
            key = self.collect(parse_field_set(move.key.key or ""), iface)
            kc = self.obj(sub, iface, key, provided, depth + 1)
            if kc >= INF:
                continue
            c = self.pos(move.subgraph, iface, rest, None, depth + 1)
            if c >= INF:
                continue
            if best is None or JUMP + kc + c < best[1]:
                best = (move, JUMP + kc + c)
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


def best_candidate(cands: list[Candidate]) -> Candidate:
    """Most fields covered first, then the cheapest; ties keep subgraph order."""
    return min(cands, key=lambda c: (-len(c.covered), c.cost))


def explode(model: CostModel, type_name: TypeName, fields: list[Field]) -> list[Field] | None:
    """One partial field per child, so several entity moves can share an object field."""
    out: list[Field] = []
    changed = False
    for f in fields:
        sf = model.g.field(type_name, f.name)
        if f.selections is None or sf is None or model.state.types[sf.type_name].kind != "object":
            out.append(f)
            continue
        children = model.collect(f.selections, sf.type_name)
        if len(children) < 2:
            out.append(f)
            continue
        changed = True
        out.extend(with_selections(f, (c,)) for c in children)
    return out if changed else None


def pseudo_fragments(selections: tuple[Selection, ...], iface: TypeName) -> list[Selection]:
    """Fragments on concrete types below an ``@interfaceObject``: they need the real type."""
    return [
        s
        for s in selections
        if isinstance(s, InlineFragment) and s.type_condition not in (None, iface)
    ]

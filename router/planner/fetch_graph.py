"""The fetch dependency graph: one FetchGroup per subgraph request, with its dependencies.

The walker creates groups (a root fetch per subgraph, an ``_entities`` fetch per entity
move) and merges an entity move into an existing group when it targets the same subgraph at
the same merge path without creating a cycle — that is what makes one ``_entities`` call
per subgraph per plan step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from router.planner.selection import SelNode
from router.types import MergePath, SubgraphName, TypeName

__all__ = ["FetchGraph", "FetchGroup", "Representation"]


@dataclass(slots=True)
class Representation:
    """How to build a representation from an object whose ``__typename`` is ``match``."""

    match: TypeName
    send_typename: TypeName
    selection: SelNode
    """Fields keyed by their name in the representation; ``response_key`` is where to read."""


@dataclass(slots=True, eq=False)
class FetchGroup:
    id: int
    subgraph: SubgraphName
    merge_path: MergePath
    entity: bool
    operation_kind: str = "query"
    selection: SelNode = field(default_factory=SelNode)
    requires: dict[TypeName, Representation] = field(default_factory=dict)
    deps: set[int] = field(default_factory=set)
    root_index: int = 0
    """For mutations: which root field batch this group serves (they run in order)."""


class FetchGraph:
    def __init__(self) -> None:
        self.groups: list[FetchGroup] = []
        self.touched: list[int] = []
        """Every group created or merged into, in order (a dependency log for the walker)."""
        self.dropped: set[int] = set()
        """Groups an optimization pass removed (``optimize.py``); ids stay list indexes."""

    def live_groups(self) -> list[FetchGroup]:
        return [g for g in self.groups if g.id not in self.dropped]

    def new_root(self, subgraph: SubgraphName, kind: str, root_index: int = 0) -> FetchGroup:
        g = FetchGroup(
            id=len(self.groups),
            subgraph=subgraph,
            merge_path=(),
            entity=False,
            operation_kind=kind,
            root_index=root_index,
        )
        self.groups.append(g)
        return g

    def depends_on(self, a: int, b: int) -> bool:
        """Does group ``a`` (transitively) depend on group ``b``?"""
        seen: set[int] = set()
        stack = [a]
        while stack:
            cur = stack.pop()
            if cur == b:
                return True
            if cur in seen:
                continue
            seen.add(cur)
            stack.extend(self.groups[cur].deps)
        return False

    def entity_group(
        self,
        subgraph: SubgraphName,
        path: MergePath,
        deps: set[int],
        rep: Representation,
        root_index: int,
    ) -> FetchGroup:
        for g in self.groups:
            if not g.entity or g.subgraph != subgraph or g.merge_path != path:
                continue
            if g.root_index != root_index:
                continue
            if any(d == g.id or self.depends_on(d, g.id) for d in deps):
                continue
            prev = g.requires.get(rep.match)
            if prev is not None and (
                prev.send_typename != rep.send_typename
                or prev.selection.conflicts_with(rep.selection)
            ):
                continue
            if prev is None:
                g.requires[rep.match] = rep
            else:
                prev.selection.merge(rep.selection)
            g.deps |= deps
            self.touched.append(g.id)
            return g
        g = FetchGroup(
            id=len(self.groups),
            subgraph=subgraph,
            merge_path=path,
            entity=True,
            requires={rep.match: rep},
            deps=set(deps),
            root_index=root_index,
        )
        self.groups.append(g)
        self.touched.append(g.id)
        return g

"""Mutable selection sets that the walker fills in, one per fetch; printed as GraphQL.

A ``SelNode`` holds fields by response key and inline fragments by type condition. Fields
the planner adds for itself (keys, ``@requires``) that take arguments get a deterministic
alias (see ``internal_key``) so they never clash with what the client asked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from router.operation.tree import Field

__all__ = ["FieldSel", "SelNode", "internal_key"]


def internal_key(name: str, args_text: str) -> str:
    """Response key for a planner-added field: its name, or a stable alias when it has args."""
    if not args_text:
        return name
    digest = hashlib.sha1(args_text.encode()).hexdigest()[:8]
    return f"_{name}_{digest}"


@dataclass(slots=True)
class FieldSel:
    name: str
    response_key: str
    args_text: str = ""
    variables: frozenset[str] = frozenset()
    sub: SelNode | None = None
    output_key: str | None = None
    """Set when the subgraph query aliases the field to dodge a type clash: the executor
    renames ``response_key`` back to ``output_key`` before merging."""


@dataclass(slots=True)
class SelNode:
    fields: dict[str, FieldSel] = field(default_factory=dict)
    fragments: dict[str, SelNode] = field(default_factory=dict)

    def add_typename(self) -> None:
        if "__typename" not in self.fields:
            self.fields["__typename"] = FieldSel("__typename", "__typename")

    def add(self, f: Field, *, leaf: bool) -> FieldSel:
        """Add (or find) the field; keeps the first on a response-key clash."""
        fs = self.fields.get(f.response_key)
        if fs is None:
            fs = FieldSel(
                name=f.name,
                response_key=f.response_key,
                args_text=f.args_text,
                variables=f.variables,
                sub=None if leaf else SelNode(),
            )
            self.fields[f.response_key] = fs
        elif fs.sub is None and not leaf:
            fs.sub = SelNode()
        return fs

    def fragment(self, type_condition: str) -> SelNode:
        node = self.fragments.get(type_condition)
        if node is None:
            node = self.fragments[type_condition] = SelNode()
        return node

    def has_renames(self) -> bool:
        return any(
            f.output_key is not None or (f.sub is not None and f.sub.has_renames())
            for f in self.fields.values()
        ) or any(frag.has_renames() for frag in self.fragments.values())

    def is_empty(self) -> bool:
        return not self.fields and all(f.is_empty() for f in self.fragments.values())

    def only_typename(self) -> bool:
        return set(self.fields) <= {"__typename"} and all(
            f.only_typename() for f in self.fragments.values()
        )

    def variables(self) -> set[str]:
        out: set[str] = set()
        for f in self.fields.values():
            out |= f.variables
            if f.sub is not None:
                out |= f.sub.variables()
        for frag in self.fragments.values():
            out |= frag.variables()
        return out

    def merge(self, other: SelNode) -> None:
        for k, f in other.fields.items():
            mine = self.fields.get(k)
            if mine is None:
                self.fields[k] = _copy(f)
            elif f.sub is not None:
                if mine.sub is None:
                    mine.sub = SelNode()
                mine.sub.merge(f.sub)
        for t, frag in other.fragments.items():
            self.fragment(t).merge(frag)

    def conflicts_with(self, other: SelNode) -> bool:
        """Would merging map two different fields to one output name (representations)?"""
        for k, f in other.fields.items():
            mine = self.fields.get(k)
            if mine is None:
                continue
            if mine.name != f.name or mine.args_text != f.args_text:
                return True
            if mine.sub is not None and f.sub is not None and mine.sub.conflicts_with(f.sub):
                return True
        for t, frag in other.fragments.items():
            mine_frag = self.fragments.get(t)
            if mine_frag is not None and mine_frag.conflicts_with(frag):
                return True
        return False

    def print(self, indent: str = "", *, compact: bool = False) -> str:
        if compact:
            return "{" + " ".join(self._items(compact=True, indent="")) + "}"
        inner = indent + "  "
        lines = ["{", *(inner + item for item in self._items(compact=False, indent=inner))]
        lines.append(indent + "}")
        return "\n".join(lines)

    def _items(self, *, compact: bool, indent: str) -> list[str]:
        out: list[str] = []
        for f in self.fields.values():
            head = (f"{f.response_key}: " if f.response_key != f.name else "") + f.name
            head += f.args_text
            if f.sub is not None:
                head += " " + f.sub.print(indent, compact=compact)
            out.append(head)
        for t, frag in self.fragments.items():
            if frag.is_empty():
                continue
            out.append(f"... on {t} " + frag.print(indent, compact=compact))
        return out


def _copy(f: FieldSel) -> FieldSel:
    sub = None
    if f.sub is not None:
        sub = SelNode()
        sub.merge(f.sub)
    return FieldSel(f.name, f.response_key, f.args_text, f.variables, sub, f.output_key)

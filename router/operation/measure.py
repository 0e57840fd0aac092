"""Measure operations as if their fragments were expanded, in time linear in the document.

Expanding spreads to count them is exponential: 30 fragments that each spread the next twice
stand for 2^30 fields. So each definition is read once into a summary of its own fields plus
the spreads it makes (and where), and fragments are combined in dependency order, each once,
without recursion (a chain of thousands of fragments is fine). A spread that closes a cycle
counts nothing (``NoFragmentCyclesRule`` reports the cycle); counts saturate at ``SATURATED``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

__all__ = ["SATURATED", "DocumentMeasurer", "Measure"]

SATURATED = 2**53
"""Counts stop growing here (they are only compared with limits far below)."""


@dataclass(frozen=True, slots=True)
class Measure:
    """An operation's (or fragment's) figures with every fragment spread expanded."""

    depth: int = 0
    """Deepest nesting of fields; ``__typename`` does not count."""
    aliases: int = 0
    root_fields: int = 0
    """Fields at the top level of the selection set (through fragments, not into fields)."""
    fields: int = 0
    """Every field, at every level: the size of the expanded operation."""


@dataclass(slots=True)
class _Summary:
    """One definition read on its own: its fields, and the spreads to add in later."""

    depth: int = 0
    aliases: int = 0
    root_fields: int = 0
    fields: int = 0
    spreads: list[tuple[str, int, bool]] = field(default_factory=list)
    """(fragment name, number of fields enclosing the spread, spread at the top level)"""


def _summarize(selection_set: SelectionSetNode) -> _Summary:
    summary = _Summary()
    # Nesting inside one definition is bounded by the parser (200 levels), so a stack of
    # (selection set, enclosing fields) is all the state there is.
    stack = [(selection_set, 0)]
    while stack:
        current, level = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                summary.fields += 1
                if level == 0:
                    summary.root_fields += 1
                if selection.alias is not None:
                    summary.aliases += 1
                if selection.name.value != "__typename":
                    summary.depth = max(summary.depth, level + 1)
                if selection.selection_set is not None:
                    stack.append((selection.selection_set, level + 1))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, level))
            elif isinstance(selection, FragmentSpreadNode):
                summary.spreads.append((selection.name.value, level, level == 0))
    return summary


def _combine(summary: _Summary, measures: Mapping[str, Measure]) -> Measure:
    depth, aliases, root_fields, fields = (
        summary.depth,
        summary.aliases,
        summary.root_fields,
        summary.fields,
    )
    for name, level, top in summary.spreads:
        inner = measures.get(name)
        if inner is None:  # unknown fragment, or one closing a cycle
            continue
        if inner.depth:
            depth = max(depth, level + inner.depth)
        aliases = min(aliases + inner.aliases, SATURATED)
        fields = min(fields + inner.fields, SATURATED)
        if top:
            root_fields = min(root_fields + inner.root_fields, SATURATED)
    return Measure(depth, aliases, root_fields, fields)


class DocumentMeasurer:
    """Reads a document's fragments once; then measures any of its operations."""

    def __init__(self, document: DocumentNode) -> None:
        summaries = {
            d.name.value: _summarize(d.selection_set)
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        self.fragments = _measure_fragments(summaries)

    def measure(self, operation: OperationDefinitionNode) -> Measure:
        return _combine(_summarize(operation.selection_set), self.fragments)


def _measure_fragments(summaries: Mapping[str, _Summary]) -> dict[str, Measure]:
    """Each fragment after the fragments it spreads (depth first, iterative)."""
    done: dict[str, Measure] = {}

    def spread_names(name: str) -> Iterator[str]:
        return (spread for spread, _, _ in summaries[name].spreads)

    for root in summaries:
        if root in done:
            continue
        path = [(root, spread_names(root))]
        on_path = {root}
        while path:
            name, pending = path[-1]
            for spread in pending:
                if spread in summaries and spread not in done and spread not in on_path:
                    path.append((spread, spread_names(spread)))
                    on_path.add(spread)
                    break
            else:
                path.pop()
                on_path.discard(name)
                done[name] = _combine(summaries[name], done)
    return done

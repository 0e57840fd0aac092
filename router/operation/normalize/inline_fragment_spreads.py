"""Pass: replace each ``...Spread`` by an inline fragment on the fragment's type condition."""

from __future__ import annotations

from graphql import FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode, NamedTypeNode

__all__ = ["inline_spread"]


def inline_spread(
    spread: FragmentSpreadNode, fragments: dict[str, FragmentDefinitionNode]
) -> InlineFragmentNode:
    frag = fragments[spread.name.value]
    cond = frag.type_condition
    return InlineFragmentNode(
        type_condition=NamedTypeNode(name=cond.name),
        directives=spread.directives,
        selection_set=frag.selection_set,
    )

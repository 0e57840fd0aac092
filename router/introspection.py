"""Answer ``__schema`` / ``__type`` root fields from the API schema with graphql-core."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    execute,
)

from router.operation.normalize.drop_skipped_fields import is_skipped

__all__ = ["INTROSPECTION_FIELDS", "has_introspection", "run_introspection"]

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def _root_fields(
    doc: DocumentNode, op: OperationDefinitionNode, variables: Mapping[str, Any] | None
) -> Iterator[FieldNode]:
    """The operation's root fields, reached directly or through (inline) fragments; each
    fragment is walked once. With ``variables``, ``@skip``/``@include`` are honoured;
    without, every field that could be selected counts."""
    fragments = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
    seen: set[str] = set()
    stack = [op.selection_set]
    while stack:
        for selection in stack.pop().selections:
            if variables is not None and is_skipped(selection.directives, variables):
                continue
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                stack.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    stack.append(fragments[name].selection_set)


def has_introspection(
    doc: DocumentNode, op: OperationDefinitionNode, variables: Mapping[str, Any] | None = None
) -> bool:
    """Whether the operation selects ``__schema`` or ``__type`` at its root, fragments
    included (without ``variables``: whether it could)."""
    return any(f.name.value in INTROSPECTION_FIELDS for f in _root_fields(doc, op, variables))


def run_introspection(
    schema: GraphQLSchema,
    doc: DocumentNode,
    op: OperationDefinitionNode,
    variables: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute only the operation's introspection root fields."""
    fields = tuple(
        f for f in _root_fields(doc, op, variables) if f.name.value in INTROSPECTION_FIELDS
    )
    only = replace(op, selection_set=SelectionSetNode(selections=fields))
    others = tuple(d for d in doc.definitions if not isinstance(d, OperationDefinitionNode))
    result = execute(schema, DocumentNode(definitions=(only, *others)), variable_values=variables)
    if hasattr(result, "__await__"):  # pragma: no cover - introspection is synchronous
        raise RuntimeError("introspection unexpectedly async")
    errors = [e.formatted for e in result.errors or ()]
    return dict(result.data or {}), [dict(e) for e in errors]

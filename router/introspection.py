"""Answer ``__schema`` / ``__type`` root fields from the API schema with graphql-core."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    SelectionSetNode,
    execute,
)

__all__ = ["INTROSPECTION_FIELDS", "has_introspection", "run_introspection"]

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


def has_introspection(op: OperationDefinitionNode) -> bool:
    return any(
        isinstance(s, FieldNode) and s.name.value in INTROSPECTION_FIELDS
        for s in op.selection_set.selections
    )


def run_introspection(
    schema: GraphQLSchema,
    doc: DocumentNode,
    op: OperationDefinitionNode,
    variables: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Execute only the operation's introspection root fields."""
    fields = tuple(
        s
        for s in op.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value in INTROSPECTION_FIELDS
    )
    only = replace(op, selection_set=SelectionSetNode(selections=fields))
    others = tuple(d for d in doc.definitions if not isinstance(d, OperationDefinitionNode))
    result = execute(schema, DocumentNode(definitions=(only, *others)), variable_values=variables)
    if hasattr(result, "__await__"):  # pragma: no cover - introspection is synchronous
        raise RuntimeError("introspection unexpectedly async")
    errors = [e.formatted for e in result.errors or ()]
    return dict(result.data or {}), [dict(e) for e in errors]

"""Coerce the request's variables against the operation's definitions (BAD_USER_INPUT)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode
from graphql.execution.values import get_variable_values

from router.errors import VariablesError

__all__ = ["coerce_variables"]


def coerce_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, raw: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Coerced values, or raise the first problem as a VariablesError."""
    defs = operation.variable_definitions or ()
    if not defs:
        return {}
    result = get_variable_values(schema, defs, dict(raw or {}))
    if isinstance(result, list):
        first = result[0]
        raise VariablesError(
            first.message,
            locations=[{"line": loc.line, "column": loc.column} for loc in first.locations or ()]
            or None,
        )
    return dict(result.coerced)

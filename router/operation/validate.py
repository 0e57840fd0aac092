"""Validate a document against the API schema with graphql-core's rules (+ edge limits).

The edge's limits run first, on their own: they are linear in the document (fragments measured
once), while some of the specification's rules are not (comparing overlapping fields is
quadratic in the fields sharing a response key), so those only see documents within limits.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql import ASTValidationRule, DocumentNode, GraphQLSchema, specified_rules, validate

from router.errors import ValidationError

__all__ = ["validate_document"]


def validate_document(
    schema: GraphQLSchema,
    doc: DocumentNode,
    extra_rules: Sequence[type[ASTValidationRule]] = (),
) -> list[ValidationError]:
    """All validation errors (empty when valid), coded ``GRAPHQL_VALIDATION_FAILED`` unless
    the rule gave its own ``extensions.code`` (the edge's limits: ``MAX_DEPTH_EXCEEDED``...)."""
    errors = validate(schema, doc, extra_rules) if extra_rules else []
    if not errors:
        errors = validate(schema, doc, specified_rules)
    out: list[ValidationError] = []
    for e in errors:
        err = ValidationError(
            e.message,
            locations=[{"line": loc.line, "column": loc.column} for loc in e.locations or ()]
            or None,
        )
        code = (e.extensions or {}).get("code")
        if isinstance(code, str) and code:
            err.code = code
        out.append(err)
    return out

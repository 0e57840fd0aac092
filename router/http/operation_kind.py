"""Which operation a document selects, needed before execution only to refuse mutations over GET.

Only GET requests pay for this parse (cached per distinct document); POST goes straight on.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import GraphQLError, OperationDefinitionNode, parse

__all__ = ["operation_kind"]


@lru_cache(maxsize=512)
def operation_kind(
    query: str, operation_name: str | None, max_tokens: int | None = None
) -> str | None:
    """``"query"``, ``"mutation"``, ``"subscription"``, or ``None`` when unknown.

    Unknown (syntax error, too many tokens, no such operation) is left for the pipeline to
    report; ``max_tokens`` bounds this parse as the pipeline's.
    """
    try:
        document = parse(query, no_location=True, max_tokens=max_tokens)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        chosen = operations[0] if len(operations) == 1 else None
    else:
        chosen = next(
            (op for op in operations if op.name and op.name.value == operation_name), None
        )
    return None if chosen is None else chosen.operation.value

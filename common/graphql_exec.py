"""The hot path of every subgraph's `/graphql`: a POST of JSON (all the router sends) executed
by graphql-core directly, on a document parsed and validated once per query text.

Strawberry's `Schema.execute` builds, per request, an execution context, five extension
objects and their runner (generator-based hooks around parsing, validation and execution),
a middleware manager, and its view encodes the answer with `json.dumps`. py-spy on the feed
under bench/pages.py (main, feed page at 10 connections): 89% of the process's samples in
Strawberry's ASGI view, 70% in graphql-core's execution itself, so ~19% in the wrapping and
the encoding. The subgraphs' resolvers are the same functions either way (the schema is
Strawberry's, executed with its own execution-context class). What the extensions did is done
here, once per document where it can be:

- parse + validate (specification rules plus Strawberry's): cached per query text, errors too;
- RejectUnstorableText's document scan: cached with the document; variables checked per request;
- RejectInvalidToken: a request whose token failed verification fails as a whole;
- ErrorCodes: every error gets `extensions.code` (common.graphql._format), internal ones hidden.

Anything else (GET, GraphiQL, multipart, websockets, a body that is not a JSON object with a
string `query`, subscriptions) goes to Strawberry's view unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard, cast

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
)
from graphql.validation import specified_rules
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from common.text_input import unstorable_error, unstorable_literal, unstorable_variables

if TYPE_CHECKING:
    from common.graphql import RequestContext, ServiceSchema

__all__ = ["DocumentCache", "Prepared", "encode", "execute_prepared", "parse_body"]

#: Strawberry's fast check (primitives first); typed as graphql-core's TypeGuard wants it.
IS_AWAITABLE = cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable)
RULES = (*specified_rules, MaybeNullValidationRule, OneOfInputValidationRule)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A query text once parsed and validated: the document or the errors, and where (if
    anywhere) a string literal in it holds unstorable text."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    unstorable_literal: str | None = None


class DocumentCache:
    """Prepared documents by query text, least recently used dropped past `maxsize`. Only the
    schema's own answer is cached (a pure function of the text), so every worker process may
    hold its own copy without ever disagreeing with another."""

    def __init__(self, schema: ServiceSchema, *, maxsize: int = 1024) -> None:
        self._schema = schema
        self._maxsize = maxsize
        self._entries: OrderedDict[str, Prepared] = OrderedDict()

    def get(self, query: str) -> Prepared:
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
            return entry
        entry = self._prepare(query)
        self._entries[query] = entry
        if len(self._entries) > self._maxsize:
            self._entries.popitem(last=False)
        return entry

    def _prepare(self, query: str) -> Prepared:
        try:
            document = parse(query)
        except GraphQLError as error:
            return Prepared(None, (error,))
        errors = validate(self._schema._schema, document, RULES)
        if errors:
            return Prepared(None, tuple(errors))
        return Prepared(document, (), unstorable_literal(document))


def parse_body(body: bytes) -> tuple[str, dict[str, Any] | None, str | None] | None:
    """(query, variables, operationName) of a well-formed request body, else None (Strawberry
    answers the malformed ones with its own messages)."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(payload, dict):
        return None
    query, variables, name = payload.get("query"), payload.get("variables"), None
    name = payload.get("operationName")
    if not isinstance(query, str) or not query:
        return None
    if variables is not None and not isinstance(variables, dict):
        return None
    if name is not None and not isinstance(name, str):
        return None
    return query, variables, name


def operation_type(prepared: Prepared, operation_name: str | None) -> OperationType | None:
    if prepared.document is None:
        return OperationType.QUERY  # errors only: answered like a query
    operation = get_operation_ast(prepared.document, operation_name)
    return None if operation is None else operation.operation


async def execute_prepared(
    schema: ServiceSchema,
    prepared: Prepared,
    context: RequestContext[Any],
    variables: dict[str, Any] | None,
    operation_name: str | None,
    format_error: Callable[[GraphQLError], GraphQLError],
) -> dict[str, Any]:
    """The answer as Strawberry's view shapes it: `data`, and `errors` when there are any."""
    data: Any = None
    errors = _refused(prepared, context, variables)
    if not errors:
        assert prepared.document is not None
        try:
            result: Any = execute(
                schema._schema,
                prepared.document,
                context_value=context,
                variable_values=variables,
                operation_name=operation_name,
                executor_class=schema.execution_context_class,
                is_awaitable=IS_AWAITABLE,
            )
            if optimized_is_awaitable(result):
                result = await result
            data, errors = result.data, list(result.errors or ())
        except Exception as exc:
            errors = [exc if isinstance(exc, GraphQLError) else _wrapped(exc)]
    if not errors:
        return {"data": data}
    schema.process_errors(errors, None)
    return {"data": data, "errors": [format_error(e).formatted for e in errors]}


def _refused(
    prepared: Prepared, context: RequestContext[Any], variables: dict[str, Any] | None
) -> list[GraphQLError]:
    """What stops a request before execution: the document's errors, a token that failed
    verification, unstorable text."""
    if prepared.document is None:
        return list(prepared.errors)
    if context.auth_error is not None:
        return [_wrapped(context.auth_error)]
    where = unstorable_variables(variables or {}) or prepared.unstorable_literal
    if where is not None:
        return [_wrapped(unstorable_error(where))]
    return []


def _wrapped(error: Exception) -> GraphQLError:
    return GraphQLError(str(getattr(error, "message", error)), original_error=error)


def encode(answer: Mapping[str, Any]) -> bytes:
    """orjson: several times faster than json.dumps on a page of cards; datetimes are already
    strings (Strawberry's scalars serialize them)."""
    return orjson.dumps(answer)

"""The GraphQL face every subgraph shares: request context (viewer, track id, the service's
state), the error catalogue turned into `extensions.code`, and a Federation 2.9 schema.

Federation is linked at v2.9 because The Guild's composer accepts up to 2.9.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sentry_sdk
import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, OperationType
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.types import ExecutionContext

from common.answer_cache import AnswerCache
from common.auth import TokenVerifier, Viewer
from common.errors import AppError, ErrorCode, Unauthenticated, Unavailable
from common.graphql_exec import DocumentCache, encode, execute_prepared, operation_type, parse_body
from common.logging import bind_user_id, get_logger
from common.outages import store_outage
from common.text_input import unstorable_error, unstorable_literal, unstorable_variables
from common.tracking import current_track_id

S = TypeVar("S")
FEDERATION_VERSION = "2.9"
log = get_logger(__name__)


@dataclass
class RequestContext(Generic[S]):
    request: Request | WebSocket
    state: S
    viewer: Viewer | None = None
    auth_error: AppError | None = None
    track_id: str | None = None
    loaders: dict[str, Any] = field(default_factory=dict)

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise Unauthenticated()
        return self.viewer


def _format(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, AppError):
        code, message, extra = original.code.value, original.message, original.details
    elif original is None:
        existing = (error.extensions or {}).get("code")
        code, message, extra = existing or "GRAPHQL_VALIDATION_FAILED", error.message, {}
    elif isinstance(original, GraphQLError):
        # variables that do not coerce (unknown input field, bad enum value) are client input
        existing = (error.extensions or {}).get("code")
        code, message, extra = existing or ErrorCode.BAD_USER_INPUT.value, error.message, {}
    elif store_outage(original):
        log.warning("store unreachable", path=error.path, error=repr(original)[:300])
        unavailable = Unavailable()
        code, message, extra = unavailable.code.value, unavailable.message, {}
    else:
        log.error(
            "unhandled error in resolver",
            path=error.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        sentry_sdk.capture_exception(original)
        code, message, extra = ErrorCode.INTERNAL.value, "Internal server error", {}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), **extra, "code": code},
    )


class ErrorCodes(SchemaExtension):
    """Give every error a stable `extensions.code`; hide internal errors' details."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_format(e) for e in result.errors]


class RejectInvalidToken(SchemaExtension):
    """A request that presents a bad token fails as a whole with UNAUTHENTICATED (it is not
    silently served as anonymous)."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        error = getattr(context, "auth_error", None)
        if error is not None:
            self.execution_context.result = GraphQLExecutionResult(
                data=None, errors=[GraphQLError(error.message, original_error=error)]
            )
        yield


class RejectUnstorableText(SchemaExtension):
    """Refuse, before any resolver runs, every request whose text input (variables at any
    depth, or string literals in the document) holds a character of
    common.text_input.UNSTORABLE: once here for every subgraph, instead of an INTERNAL from
    the database or a check in each service."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        where = unstorable_variables(context.variables or {})
        if where is None and context.graphql_document is not None:
            where = unstorable_literal(context.graphql_document)
        if where is not None and context.result is None:
            error = unstorable_error(where)
            context.result = GraphQLExecutionResult(
                data=None, errors=[GraphQLError(error.message, original_error=error)]
            )
        yield


def described_field(description: str) -> Callable[[Callable[..., Any]], Any]:
    """`@strawberry.field(description=…)` on a resolver, typed for mypy --strict."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(resolver, description=description)

    return wrap


def described_subscription(description: str) -> Callable[[Callable[..., Any]], Any]:
    """`@strawberry.subscription(description=…)`, typed the same way."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.subscription(resolver, description=description)

    return wrap


def described_mutation(description: str) -> Callable[[Callable[..., Any]], Any]:
    """`@strawberry.mutation(description=…)`, typed the same way."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.mutation(resolver, description=description)

    return wrap


class ServiceSchema(strawberry.federation.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Client errors are expected: log them at debug; `_format` logs internal ones."""
        for error in errors:
            log.debug("graphql error", message=error.message, path=error.path)


def make_schema(
    *,
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    types: Sequence[type] = (),
) -> ServiceSchema:
    return ServiceSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(types),
        # Parsing and validating a document cost more than executing a feed page (3.5 ms of
        # ~7 ms, cProfile): clients and the router send the same few documents, so cache both.
        # (factories: each request gets fresh extensions; the LRU caches live in strawberry)
        extensions=[
            lambda: ParserCache(maxsize=1024),
            lambda: ValidationCache(maxsize=1024),
            RejectInvalidToken,
            RejectUnstorableText,
            ErrorCodes,
        ],
        federation_version=FEDERATION_VERSION,  # type: ignore[arg-type]
    )


class GraphQLApp(GraphQL[RequestContext[Any], None]):
    """Strawberry's ASGI app with our context: the viewer comes from the bearer token.

    A POST of JSON (every request the router sends) takes the hot path of
    common.graphql_exec: graphql-core over a cached document, answered with orjson.
    Everything else goes through Strawberry's view."""

    def __init__(
        self,
        schema: ServiceSchema,
        *,
        state: Any,
        verifier: TokenVerifier,
        answers: AnswerCache | None = None,
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self._state = state
        self._verifier = verifier
        self._service_schema = schema
        self.documents = DocumentCache(schema)
        self.answers = answers

    async def aclose(self) -> None:
        """Close what the verifier holds (its revocation list's Redis client)."""
        await self._verifier.aclose()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/json"):
            await super().__call__(scope, receive, send)
            return
        body = await request.body()
        answer = await self.answer(request, body)
        if answer is None:
            await super().__call__(scope, _replay(body), send)
            return
        await Response(answer, media_type="application/json")(scope, receive, send)

    async def answer(self, request: Request, body: bytes) -> bytes | None:
        """The encoded answer to a POSTed operation, or None for Strawberry to answer."""
        parsed = parse_body(body)
        if parsed is None:
            return None
        query, variables, operation_name = parsed
        prepared = self.documents.get(query)
        kind = operation_type(prepared, operation_name)
        if kind not in HOT_OPERATIONS:
            return None
        version: str | None = None
        if (
            self.answers is not None
            and kind is OperationType.QUERY
            and "authorization" not in request.headers
        ):
            try:
                version = await self.answers.version()
            except Exception as exc:
                if not store_outage(exc):
                    raise
                # the store behind the version is down: no cache; the resolvers reading the
                # same store answer UNAVAILABLE (not a 500 from here)
                version = None
            if version is not None and (cached := self.answers.get(body, version)) is not None:
                return cached
        context = await self.get_context(request, Response())
        result = await execute_prepared(
            self._service_schema, prepared, context, variables, operation_name, _format
        )
        encoded = encode(result)
        if version is not None and self.answers is not None and "errors" not in result:
            self.answers.put(body, version, encoded)
        return encoded

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> RequestContext[Any]:
        viewer: Viewer | None = None
        auth_error: AppError | None = None
        try:
            viewer = await self._verifier.viewer_from_header(request.headers.get("authorization"))
            if viewer is not None:
                bind_user_id(viewer.user_id)  # `user.id` on this request's log lines
        except AppError as exc:
            auth_error = exc
        return RequestContext(
            request=request,
            state=self._state,
            viewer=viewer,
            auth_error=auth_error,
            track_id=current_track_id(),
        )


HOT_OPERATIONS = (OperationType.QUERY, OperationType.MUTATION)


def _replay(body: bytes) -> Receive:
    """A `receive` that hands the already-read body to the next reader."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive

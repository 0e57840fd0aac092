"""The GraphQL face every subgraph shares: request context (viewer, track id, the service's
state), the error catalogue turned into `extensions.code`, and a Federation 2.9 schema.

Federation is linked at v2.9 because The Guild's composer accepts up to 2.9.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sentry_sdk
import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, StringValueNode, Visitor, visit
from graphql.language import ArgumentNode, ObjectFieldNode
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, SchemaExtension, ValidationCache
from strawberry.types import ExecutionContext

from common.auth import TokenVerifier, Viewer
from common.errors import AppError, BadUserInput, ErrorCode, Unauthenticated
from common.logging import bind_user_id, get_logger
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


#: C0 control characters but tab, line feed and carriage return, and lone UTF-16 surrogates.
#: PostgreSQL cannot store NUL (nor encode a lone surrogate as UTF-8); the other controls have
#: no place in text a person writes (XML 1.0, hence feeds and much mail tooling, forbids them
#: too) and are a classic way to smuggle terminal escapes into logs and admin screens.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
UNSTORABLE_MESSAGE = (
    "{where} must not contain control characters "
    "(U+0000 to U+001F other than tab, line feed and carriage return)"
)


def _unstorable_variable(value: Any, path: str) -> str | None:
    """The path of the first string holding an unstorable character, depth first."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return where
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(item))))
    return None


class _LiteralFinder(Visitor):
    """The argument (or input field) of the first string literal holding one."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.found: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.names.pop()

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if self.found is None and UNSTORABLE.search(node.value):
            self.found = ".".join(self.names) or "a string literal"
            return self.BREAK
        return None


class RejectUnstorableText(SchemaExtension):
    """Refuse, before any resolver runs, every request whose text input (variables at any
    depth, or string literals in the document) holds a character of UNSTORABLE: once here for
    every subgraph, instead of an INTERNAL from the database or a check in each service."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        where: str | None = None
        for name, value in (context.variables or {}).items():
            where = _unstorable_variable(value, f"${name}")
            if where is not None:
                break
        if where is None and context.graphql_document is not None:
            finder = _LiteralFinder()
            visit(context.graphql_document, finder)
            where = finder.found
        if where is not None and context.result is None:
            leaf = re.sub(r"\[\d+\]", "", where).rsplit(".", 1)[-1].lstrip("$")
            error = BadUserInput(UNSTORABLE_MESSAGE.format(where=where), field=leaf, path=where)
            context.result = GraphQLExecutionResult(
                data=None, errors=[GraphQLError(error.message, original_error=error)]
            )
        yield


def described_field(description: str) -> Callable[[Callable[..., Any]], Any]:
    """`@strawberry.field(description=…)` on a resolver, typed for mypy --strict."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(resolver, description=description)

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
    types: Sequence[type] = (),
) -> ServiceSchema:
    return ServiceSchema(
        query=query,
        mutation=mutation,
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
    """Strawberry's ASGI app with our context: the viewer comes from the bearer token."""

    def __init__(self, schema: ServiceSchema, *, state: Any, verifier: TokenVerifier) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self._state = state
        self._verifier = verifier

    async def aclose(self) -> None:
        """Close what the verifier holds (its revocation list's Redis client)."""
        await self._verifier.aclose()

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

"""``/graphql``: GraphQL-over-HTTP in front of the engine.

``handle`` reads as the request's steps: negotiate -> read params -> authenticate -> resolve
trusted document or persisted query -> (GET: refuse mutations) -> build subgraph headers ->
execute -> answer.
Everything it needs is compiled at start-up and held in ``GraphQLEndpoint``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import structlog
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from common.logging import bind_user_id
from common.tracking import resolve_track_id
from router.edge.apq import PersistedQueries
from router.edge.errors import BadRequest, EdgeError, MethodNotAllowed, NotAcceptable
from router.edge.headers import HeaderPlan
from router.edge.http_cache import anonymous_get, revalidated
from router.edge.jwt import TokenVerifier
from router.edge.trusted_documents import TrustedDocuments
from router.errors import ClientError
from router.http.assets import Assets
from router.http.graphiql import graphiql_html
from router.http.negotiate import GRAPHQL_RESPONSE_JSON, HTML, JSON, negotiate
from router.http.operation_kind import operation_kind
from router.http.params import GraphQLParams, params_from_get, read_post
from router.http.responses import edge_error_response, graphql_response
from router.http.subscriptions.context import SubscriptionContext
from router.http.subscriptions.http import stream_response
from router.metrics import RouterMetrics
from router.pipeline import ExecutionOutcome, GraphQLEngine, GraphQLRequest

if TYPE_CHECKING:
    from router.edge.sessions import SessionReporter

__all__ = ["GraphQLEndpoint"]

log = structlog.get_logger(__name__)

_INTERNAL = {
    "errors": [
        {"message": "Internal server error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
    ]
}


@dataclass(frozen=True, slots=True)
class GraphQLEndpoint:
    engine: GraphQLEngine
    metrics: RouterMetrics
    header_plan: HeaderPlan
    verifier: TokenVerifier | None
    apq: PersistedQueries | None
    max_body_bytes: int
    graphiql: bool
    query_plan_header: bool
    sessions: SessionReporter | None = None  # activity reports (router.edge.sessions)
    max_tokens: int | None = None  # bounds the parse that refuses mutations over GET
    assets: Assets | None = None  # GraphiQL's files (router.http.assets)
    trusted: TrustedDocuments | None = None  # the manifest and the safelist switch
    access_log: bool = False  # one line per request (settings.access_log)
    subscriptions: SubscriptionContext | None = None  # SSE and multipart streams

    async def endpoint(self, request: Request) -> Response:
        if self.subscriptions is not None:
            transport = _stream_transport(request.headers.get("accept"))
            if transport is not None:
                try:
                    return await self.stream(request, transport)
                except EdgeError as error:
                    return edge_error_response(error)
        media = negotiate(request.headers.get("accept"), allow_html=self.graphiql)
        if media is None:
            return edge_error_response(
                NotAcceptable(f"Accept must allow {GRAPHQL_RESPONSE_JSON} or {JSON}")
            )
        if media == HTML and request.method == "GET":
            return HTMLResponse(graphiql_html(str(request.url.path), self.assets or Assets({})))
        if media == HTML:
            media = JSON
        try:
            return await self.handle(request, media)
        except EdgeError as error:
            return edge_error_response(error, media)

    async def stream(self, request: Request, transport: Literal["sse", "multipart"]) -> Response:
        """A subscription (or any operation) answered as a stream of events."""
        assert self.subscriptions is not None
        if request.method == "GET":
            params = params_from_get(request.query_params)
        else:
            params = await read_post(request, max_bytes=self.max_body_bytes)
        query = params.query
        if self.apq is not None:
            query = await self.apq.resolve(query, params.extensions)
        if query is None:
            raise BadRequest("Must provide query string.")
        if request.method == "GET" and (
            operation_kind(query, params.operation_name, self.max_tokens) == "mutation"
        ):
            raise MethodNotAllowed(
                "Mutations are not allowed over GET; use POST.", headers={"allow": "POST"}
            )
        return await stream_response(self.subscriptions, request, transport, params, query)

    async def handle(self, request: Request, media: str) -> Response:
        is_get = request.method == "GET"
        if is_get:
            params = params_from_get(request.query_params)
        else:
            params = await read_post(request, max_bytes=self.max_body_bytes)
        claims = None
        if self.verifier is not None:
            claims = await self.verifier.verify(request.headers.get("authorization"))
            if claims is not None and "sub" in claims:
                bind_user_id(claims["sub"])
        query = params.query
        trusted = None
        if self.trusted is not None:
            trusted = self.trusted.resolve(query, params.document_id, params.extensions)
        if trusted is not None:
            query = trusted
        elif self.apq is not None and not (self.trusted is not None and self.trusted.safelist):
            query = await self.apq.resolve(query, params.extensions)
        if query is None:
            raise BadRequest("Must provide query string.")
        if is_get and operation_kind(query, params.operation_name, self.max_tokens) == "mutation":
            raise MethodNotAllowed(
                "Mutations are not allowed over GET; use POST.", headers={"allow": "POST"}
            )
        track_id = request.scope.get("state", {}).get("track_id") or resolve_track_id(
            request.scope["headers"]
        )
        client = request.client.host if request.client else None
        headers = self.header_plan.apply(request.headers, track_id, client)
        if self.sessions is not None:
            self.sessions.record_request(request, track_id, claims)
        return await self.execute(request, media, query, params, headers)

    async def execute(
        self,
        request: Request,
        media: str,
        query: str,
        params: GraphQLParams,
        headers: dict[str, str],
    ) -> Response:
        metrics = self.metrics
        metrics.in_flight.inc()
        start = time.perf_counter()
        try:
            outcome = await self.engine.execute(
                GraphQLRequest(query, params.variables, params.operation_name), headers=headers
            )
        except ClientError as error:
            # The contract puts request errors in the response; tolerate a raised one too.
            metrics.observe_request(
                None, None, time.perf_counter() - start, has_errors=True, validated=False
            )
            status = 400 if media == GRAPHQL_RESPONSE_JSON else 200
            return graphql_response(
                {"errors": [error.to_graphql()]}, media_type=media, status=status
            )
        except Exception:
            log.exception("graphql.execute_failed", operation_name=params.operation_name)
            metrics.observe_request(
                None, None, time.perf_counter() - start, has_errors=True, validated=False
            )
            return graphql_response(_INTERNAL, media_type=media, status=500)
        finally:
            metrics.in_flight.dec()
        body = outcome.response
        elapsed = time.perf_counter() - start
        metrics.observe_request(
            outcome.operation_name,
            outcome.operation_type,
            elapsed,
            has_errors=bool(body.get("errors")),
            validated=outcome.plan is not None,  # the pipeline plans only valid operations
        )
        if self.access_log:
            log.info(
                "graphql request",
                operation_name=outcome.operation_name,
                operation_type=outcome.operation_type,
                has_errors=bool(body.get("errors")),
                duration_ms=round(elapsed * 1000, 2),
            )
        if self.query_plan_header and _wants_plan(request):
            body = _with_plan(body, outcome)
        status = 200
        if media == GRAPHQL_RESPONSE_JSON and "data" not in body:
            status = 400  # a request error: nothing was executed
        response = graphql_response(body, media_type=media, status=status)
        if anonymous_get(request) and outcome.operation_type == "query" and _clean(body):
            return revalidated(request, response)
        return response


def _clean(body: Mapping[str, Any]) -> bool:
    return body.get("data") is not None and not body.get("errors")


def _stream_transport(accept: str | None) -> Literal["sse", "multipart"] | None:
    """``text/event-stream`` (graphql-sse) or Apollo's ``multipart/mixed;subscriptionSpec``."""
    lowered = (accept or "").lower()
    if "text/event-stream" in lowered:
        return "sse"
    if "multipart/mixed" in lowered and "subscriptionspec" in lowered:
        return "multipart"
    return None


def _wants_plan(request: Request) -> bool:
    value = request.headers.get("x-query-plan")
    return value is not None and value.strip().lower() in ("true", "1")


def _with_plan(body: dict[str, Any], outcome: ExecutionOutcome) -> dict[str, Any]:
    plan = outcome.plan
    extensions = dict(body.get("extensions") or {})
    extensions["queryPlan"] = None if plan is None else str(plan)
    return {**body, "extensions": extensions}

"""Subscriptions over plain HTTP responses: SSE and multipart share everything but the
writer. Refusals (token, limits) follow each protocol: graphql-sse reports them inside an
accepted stream, multipart answers a JSON error with its status (401, 429, 503)."""

from __future__ import annotations

from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from common.tracking import resolve_track_id
from router.edge.errors import EdgeError
from router.http.negotiate import GRAPHQL_RESPONSE_JSON
from router.http.params import GraphQLParams
from router.http.responses import edge_error_response
from router.http.subscriptions.context import SubscriptionContext
from router.http.subscriptions.multipart import multipart_body, multipart_response
from router.http.subscriptions.sse import refused, sse_body, sse_response
from router.pipeline import GraphQLRequest

__all__ = ["stream_response"]


async def stream_response(
    context: SubscriptionContext,
    request: Request,
    transport: Literal["sse", "multipart"],
    params: GraphQLParams,
    query: str,
) -> Response:
    track_id = request.scope.get("state", {}).get("track_id") or resolve_track_id(
        request.scope["headers"]
    )
    try:
        connection = await context.connect(
            authorization=request.headers.get("authorization"),
            incoming=request.headers,
            track_id=track_id,
            address=request.client.host if request.client else None,
            transport=transport,
        )
    except EdgeError as exc:
        if transport == "sse":
            return sse_response(refused([exc.to_graphql()]), lambda: None)
        return edge_error_response(exc, GRAPHQL_RESPONSE_JSON)  # its status: 401, 429, 503
    operation = GraphQLRequest(query, params.variables, params.operation_name)
    frames = context.run(
        connection, operation, transport, heartbeat=context.settings.heartbeat_seconds
    )
    release = connection.admission.release
    if transport == "sse":
        return sse_response(sse_body(frames), release)
    return multipart_response(multipart_body(frames), release)

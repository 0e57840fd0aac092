"""Turn an HTTP request into GraphQL request parameters (GraphQL-over-HTTP "Request Parameters").

POST bodies are read with a byte ceiling while streaming, so an oversized body is refused before it
is fully buffered, and decoded once with orjson.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request

from router.edge.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

__all__ = ["GraphQLParams", "params_from_get", "params_from_mapping", "read_post"]


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    query: str | None
    variables: Mapping[str, Any] | None
    operation_name: str | None
    extensions: Mapping[str, Any] | None
    document_id: str | None = None  # a trusted document's id (router.edge.trusted_documents)


async def read_post(request: Request, *, max_bytes: int) -> GraphQLParams:
    content_type = request.headers.get("content-type", "")
    media = content_type.partition(";")[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMediaType("POST /graphql expects Content-Type: application/json")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(f"request body exceeds {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"request body exceeds {max_bytes} bytes")
        chunks.append(chunk)
    body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"request body is not valid JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise BadRequest("request body must be a JSON object (batching is not supported)")
    return params_from_mapping(payload)


def params_from_get(query_params: Mapping[str, str]) -> GraphQLParams:
    """GET carries ``variables`` and ``extensions`` as JSON-encoded strings."""
    return params_from_mapping(
        {
            "query": query_params.get("query"),
            "variables": _json_param(query_params, "variables"),
            "operationName": query_params.get("operationName"),
            "extensions": _json_param(query_params, "extensions"),
            "documentId": query_params.get("documentId"),
        }
    )


def params_from_mapping(payload: Mapping[str, Any]) -> GraphQLParams:
    query = payload.get("query")
    variables = payload.get("variables")
    operation_name = payload.get("operationName")
    extensions = payload.get("extensions")
    document_id = payload.get("documentId")
    if query is not None and not isinstance(query, str):
        raise BadRequest("'query' must be a string")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("'variables' must be an object")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest("'operationName' must be a string")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequest("'extensions' must be an object")
    if document_id is not None and not isinstance(document_id, str):
        raise BadRequest("'documentId' must be a string")
    return GraphQLParams(
        query or None, variables, operation_name or None, extensions, document_id or None
    )


def _json_param(query_params: Mapping[str, str], name: str) -> Any:
    raw = query_params.get(name)
    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest(f"'{name}' query parameter is not valid JSON") from None

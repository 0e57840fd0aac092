"""GraphQL responses serialized once with orjson (no Starlette JSONResponse re-encoding)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from starlette.responses import Response

from router.edge.errors import EdgeError
from router.http.negotiate import JSON

__all__ = ["edge_error_response", "graphql_response"]


def graphql_response(
    body: Mapping[str, Any],
    *,
    media_type: str,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    return Response(
        orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type=media_type,
        headers=headers,
    )


def edge_error_response(error: EdgeError, media_type: str | None = None) -> Response:
    """An ``{"errors": [...]}`` body; status follows the media type (see ``router.edge.errors``)."""
    media = media_type or JSON
    return graphql_response(
        {"errors": [error.to_graphql()]},
        media_type=media,
        status=error.status_for(media),
        headers=error.headers,
    )

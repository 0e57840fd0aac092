"""``application/problem+json`` errors (RFC 9457) for the REST shim.

    Problem (status, code)            raised anywhere in a route, answered as problem+json
    problem_from_graphql(error, ...)  one GraphQL error -> a Problem (``extensions.code`` -> status)

Every body is ``{type, title, status, detail, code, message}``: ``detail`` is our own explanation
(the GraphQL message), ``message`` the string upstream answered for that case ("Forbidden",
"Unauthorized", "DUPLICATE_FOUND", "Wrong password or email", ...) so upstream clients that show
it keep working. Validation failures also carry upstream's ``errors: [{Field, Msg}]``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from starlette.responses import Response

from common.errors import HTTP_STATUS, ErrorCode
from router.rest.wire import FieldError, ProblemDetails

__all__ = [
    "PROBLEM_JSON",
    "UPSTREAM_MESSAGES",
    "Problem",
    "problem_from_graphql",
    "status_for_code",
]

PROBLEM_JSON = "application/problem+json"

#: Upstream's bare-string answer for each status, used when a route names none of its own.
UPSTREAM_MESSAGES: Mapping[int, str] = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "404 page not found",
    405: "405 method not allowed",
    409: "DUPLICATE_FOUND",
    413: "Request body is too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    501: "Not implemented",
    502: "Bad gateway",
}

# Codes the router itself produces (router/errors.py, router/edge/errors.py).
_ROUTER_CODES: Mapping[str, int] = {
    "BAD_REQUEST": 400,
    "GRAPHQL_PARSE_FAILED": 400,
    "GRAPHQL_VALIDATION_FAILED": 400,
    "GRAPHQL_UNKNOWN_OPERATION_NAME": 400,
    "SUBREQUEST_HTTP_ERROR": 502,
    "INTERNAL_SERVER_ERROR": 500,
}


def status_for_code(code: str) -> int:
    """HTTP status of a GraphQL ``extensions.code`` (common.errors first, then router codes)."""
    try:
        return HTTP_STATUS[ErrorCode(code)]
    except ValueError:
        return _ROUTER_CODES.get(code, 500)


class Problem(Exception):
    """An answer other than success; ``to_response`` renders it."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        message: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code or _default_code(status)
        self.message = message or UPSTREAM_MESSAGES.get(status, HTTPStatus(status).phrase)
        self.errors = errors
        self.headers = dict(headers or {})

    def body(self) -> ProblemDetails:
        return ProblemDetails(
            type=f"urn:indefinite-studies:problem:{self.code.lower().replace('_', '-')}",
            title=HTTPStatus(self.status).phrase,
            status=self.status,
            detail=self.detail,
            code=self.code,
            message=self.message,
            errors=None
            if self.errors is None
            else [FieldError(field=e["Field"], msg=e["Msg"]) for e in self.errors],
        )

    def to_response(self) -> Response:
        return Response(
            self.body().model_dump_json(),
            status_code=self.status,
            media_type=PROBLEM_JSON,
            headers=self.headers,
        )


def _default_code(status: int) -> str:
    for code, mapped in HTTP_STATUS.items():
        if mapped == status:
            return code.value
    return {
        405: "METHOD_NOT_ALLOWED",
        413: "PAYLOAD_TOO_LARGE",
        415: "UNSUPPORTED_MEDIA_TYPE",
        501: "NOT_IMPLEMENTED",
        502: "BAD_GATEWAY",
    }.get(status, "INTERNAL")


def problem_from_graphql(
    error: Mapping[str, Any],
    *,
    statuses: Mapping[str, int] | None = None,
    messages: Mapping[int, str] | None = None,
) -> Problem:
    """The Problem for one GraphQL error; a route may re-map codes and name upstream messages."""
    extensions = error.get("extensions") or {}
    code = str(extensions.get("code") or "INTERNAL")
    status = (statuses or {}).get(code) or status_for_code(code)
    detail = str(error.get("message") or HTTPStatus(status).phrase)
    if status >= 500:
        detail = "Internal server error" if status == 500 else detail
    message = (messages or {}).get(status)
    field = extensions.get("field") or extensions.get("argument")
    errors = [{"Field": str(field), "Msg": detail}] if status == 400 and field else None
    return Problem(
        status, detail, code=code, message=message, errors=errors, headers=_retry_after(extensions)
    )


def _retry_after(extensions: Mapping[str, Any]) -> dict[str, str]:
    """``Retry-After`` (whole seconds, at least 1) from the error's ``retryAfter`` extension."""
    seconds = extensions.get("retryAfter")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds != seconds:
        return {}
    return {"retry-after": str(max(1, math.ceil(min(seconds, 2**31))))}

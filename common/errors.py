"""One catalogue of client-visible errors, shared by GraphQL, gRPC and the REST shim.

    AppError                 code          gRPC status          HTTP
    ├── Unauthenticated      UNAUTHENTICATED  UNAUTHENTICATED   401
    ├── Forbidden            FORBIDDEN        PERMISSION_DENIED 403
    ├── NotFound             NOT_FOUND        NOT_FOUND         404
    ├── BadUserInput         BAD_USER_INPUT   INVALID_ARGUMENT  400
    ├── Conflict             CONFLICT         ALREADY_EXISTS    409
    ├── RateLimited          RATE_LIMITED     RESOURCE_EXHAUSTED 429
    ├── Unavailable          UNAVAILABLE      UNAVAILABLE       503  (a store is down: retry)
    └── Internal             INTERNAL         INTERNAL          500  (message never shown)

Anything that is not an AppError is an internal error: logged with its stack, reported to
Sentry, and shown to the client only as INTERNAL with a generic message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import grpc


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    CONFLICT = "CONFLICT"
    RATE_LIMITED = "RATE_LIMITED"
    UNAVAILABLE = "UNAVAILABLE"
    INTERNAL = "INTERNAL"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.INTERNAL: 500,
}

GRPC_STATUS: dict[ErrorCode, grpc.StatusCode] = {
    ErrorCode.UNAUTHENTICATED: grpc.StatusCode.UNAUTHENTICATED,
    ErrorCode.FORBIDDEN: grpc.StatusCode.PERMISSION_DENIED,
    ErrorCode.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    ErrorCode.BAD_USER_INPUT: grpc.StatusCode.INVALID_ARGUMENT,
    ErrorCode.CONFLICT: grpc.StatusCode.ALREADY_EXISTS,
    ErrorCode.RATE_LIMITED: grpc.StatusCode.RESOURCE_EXHAUSTED,
    ErrorCode.UNAVAILABLE: grpc.StatusCode.UNAVAILABLE,
    ErrorCode.INTERNAL: grpc.StatusCode.INTERNAL,
}

CODE_FROM_GRPC: dict[grpc.StatusCode, ErrorCode] = {v: k for k, v in GRPC_STATUS.items()}


class AppError(Exception):
    """A failure the client caused or may act on; `message` is safe to show."""

    code: ErrorCode = ErrorCode.INTERNAL
    default_message = "Internal server error"

    def __init__(self, message: str | None = None, **details: Any) -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)

    @property
    def extensions(self) -> dict[str, Any]:
        return {"code": self.code.value, **self.details}


class Unauthenticated(AppError):
    code = ErrorCode.UNAUTHENTICATED
    default_message = "Authentication required"


class Forbidden(AppError):
    code = ErrorCode.FORBIDDEN
    default_message = "Not allowed"


class NotFound(AppError):
    code = ErrorCode.NOT_FOUND
    default_message = "Not found"


class BadUserInput(AppError):
    code = ErrorCode.BAD_USER_INPUT
    default_message = "Invalid input"


class Conflict(AppError):
    code = ErrorCode.CONFLICT
    default_message = "Already exists"


class RateLimited(AppError):
    code = ErrorCode.RATE_LIMITED
    default_message = "Too many attempts, try again later"


class Unavailable(AppError):
    """A store this request needs does not answer; nothing was changed, the client may retry."""

    code = ErrorCode.UNAVAILABLE
    default_message = "Temporarily unavailable, try again later"


class Internal(AppError):
    code = ErrorCode.INTERNAL


ERROR_CLASSES: dict[ErrorCode, type[AppError]] = {
    cls.code: cls
    for cls in (
        Unauthenticated,
        Forbidden,
        NotFound,
        BadUserInput,
        Conflict,
        RateLimited,
        Unavailable,
        Internal,
    )
}


def error_for_code(code: ErrorCode | str, message: str | None = None) -> AppError:
    """Rebuild an AppError on the caller's side (gRPC status, REST mapping)."""
    try:
        cls = ERROR_CLASSES[ErrorCode(code)]
    except ValueError:
        cls = Internal
    return cls(message)

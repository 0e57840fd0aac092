"""Errors the edge answers itself, before or around the pipeline.

    EdgeError (code, status)
    ├── BadRequest            400 BAD_REQUEST            malformed HTTP/GraphQL request
    │   ├── PersistedQueryHashMismatch  PERSISTED_QUERY_HASH_MISMATCH
    │   ├── PersistedQueryNotSupported  PERSISTED_QUERY_NOT_SUPPORTED
    │   ├── PersistedQueryNotInList     PERSISTED_QUERY_NOT_IN_LIST   (safelist: unknown id)
    │   └── OperationNotInSafelist      OPERATION_NOT_IN_SAFELIST     (safelist: freeform query)
    ├── PersistedQueryNotFound 200 PERSISTED_QUERY_NOT_FOUND  (Apollo clients retry with the query)
    ├── Unauthenticated       401 UNAUTHENTICATED        bad/expired/wrongly signed/revoked token
    ├── Unavailable           503 UNAVAILABLE            the revocation list does not answer
    ├── PayloadTooLarge       413 PAYLOAD_TOO_LARGE
    ├── MethodNotAllowed      405 METHOD_NOT_ALLOWED     e.g. a mutation over GET
    ├── NotAcceptable         406 NOT_ACCEPTABLE
    └── UnsupportedMediaType  415 UNSUPPORTED_MEDIA_TYPE

``status`` is used with ``application/graphql-response+json``; with legacy ``application/json``
the GraphQL-over-HTTP spec asks for 200 once the request is well formed, so errors raised after
parsing (``Unauthenticated``) set ``json_status=200``.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "BadRequest",
    "EdgeError",
    "MethodNotAllowed",
    "NotAcceptable",
    "OperationNotInSafelist",
    "PayloadTooLarge",
    "PersistedQueryHashMismatch",
    "PersistedQueryNotFound",
    "PersistedQueryNotInList",
    "PersistedQueryNotSupported",
    "Unauthenticated",
    "Unavailable",
    "UnsupportedMediaType",
]


class EdgeError(Exception):
    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    status: ClassVar[int] = 500
    json_status: ClassVar[int | None] = None  # None: same as ``status``

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def status_for(self, media_type: str) -> int:
        if media_type == "application/json" and self.json_status is not None:
            return self.json_status
        return self.status

    def to_graphql(self) -> dict[str, Any]:
        return {"message": self.message, "extensions": {"code": self.code}}


class BadRequest(EdgeError):
    code = "BAD_REQUEST"
    status = 400


class PersistedQueryHashMismatch(BadRequest):
    code = "PERSISTED_QUERY_HASH_MISMATCH"


class PersistedQueryNotSupported(BadRequest):
    code = "PERSISTED_QUERY_NOT_SUPPORTED"


class PersistedQueryNotInList(BadRequest):
    """The safelist is on and the document id is not in the trusted documents manifest."""

    code = "PERSISTED_QUERY_NOT_IN_LIST"


class OperationNotInSafelist(BadRequest):
    """The safelist is on and a freeform query's text is not in the manifest."""

    code = "OPERATION_NOT_IN_SAFELIST"


class PersistedQueryNotFound(EdgeError):
    code = "PERSISTED_QUERY_NOT_FOUND"
    status = 200


class Unauthenticated(EdgeError):
    code = "UNAUTHENTICATED"
    status = 401
    json_status = 200


class Unavailable(EdgeError):
    code = "UNAVAILABLE"
    status = 503


class PayloadTooLarge(EdgeError):
    code = "PAYLOAD_TOO_LARGE"
    status = 413


class MethodNotAllowed(EdgeError):
    code = "METHOD_NOT_ALLOWED"
    status = 405


class NotAcceptable(EdgeError):
    code = "NOT_ACCEPTABLE"
    status = 406


class UnsupportedMediaType(EdgeError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    status = 415

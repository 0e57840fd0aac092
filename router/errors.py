"""The router's errors: one small tree, each class with a stable ``code``.

::

    RouterError (code)
    ├── ClientError                  the request is wrong; answered as a GraphQL error, HTTP 200/400
    │   ├── ParseError               GRAPHQL_PARSE_FAILED
    │   ├── ValidationError          GRAPHQL_VALIDATION_FAILED
    │   ├── VariablesError           BAD_USER_INPUT
    │   ├── OperationNotFoundError   GRAPHQL_UNKNOWN_OPERATION_NAME
    │   ├── OperationTooLargeError   MAX_FIELDS_EXCEEDED (fields with fragments expanded)
    │   ├── CostLimitError           COST_LIMIT_EXCEEDED (demand control's estimate)
    │   └── PreparationTimeoutError  PREPARATION_TIMEOUT (parse/validate/plan over deadline)
    └── InternalError                our fault or a dependency's
        ├── SupergraphError          SUPERGRAPH_INVALID (bad or unsupported supergraph SDL)
        ├── PlanningError            QUERY_PLANNING_FAILED
        └── SubgraphError            SUBREQUEST_HTTP_ERROR (a subgraph failed or timed out)

Client errors carry what a client can fix; internal errors carry a ``hint`` for operators.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ClientError",
    "CostLimitError",
    "InternalError",
    "OperationNotFoundError",
    "OperationTooLargeError",
    "ParseError",
    "PlanningError",
    "PreparationTimeoutError",
    "RouterError",
    "SubgraphError",
    "SupergraphError",
    "ValidationError",
    "VariablesError",
]


class RouterError(Exception):
    """Base of every error the router core raises on purpose."""

    code: str = "INTERNAL_SERVER_ERROR"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        locations: list[dict[str, int]] | None = None,
        path: list[str | int] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.locations = locations
        self.path = path

    def to_graphql(self) -> dict[str, Any]:
        """The error as a GraphQL response error (``extensions.code`` set)."""
        out: dict[str, Any] = {"message": self.message}
        if self.locations:
            out["locations"] = self.locations
        if self.path is not None:
            out["path"] = self.path
        out["extensions"] = {"code": self.code}
        return out


class ClientError(RouterError):
    """The request cannot be served as sent; the client must change it."""

    code = "BAD_REQUEST"


class ParseError(ClientError):
    code = "GRAPHQL_PARSE_FAILED"


class ValidationError(ClientError):
    code = "GRAPHQL_VALIDATION_FAILED"


class VariablesError(ClientError):
    code = "BAD_USER_INPUT"


class OperationNotFoundError(ClientError):
    code = "GRAPHQL_UNKNOWN_OPERATION_NAME"


class _LimitError(ClientError):
    """A limit the operation goes over; the figure and the limit go in ``extensions``."""

    def __init__(self, message: str, *, actual: int, limit: int) -> None:
        super().__init__(message)
        self.actual = actual
        self.limit = limit

    def to_graphql(self) -> dict[str, Any]:
        out = super().to_graphql()
        out["extensions"].update(limit=self.limit, actual=self.actual)
        return out


class OperationTooLargeError(_LimitError):
    code = "MAX_FIELDS_EXCEEDED"


class CostLimitError(_LimitError):
    code = "COST_LIMIT_EXCEEDED"


class PreparationTimeoutError(ClientError):
    """Parsing, validating and planning the operation took longer than the deadline."""

    code = "PREPARATION_TIMEOUT"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"The router could not parse, validate and plan this operation within {seconds:g} s"
            " (too complex, or the router is busy preparing others); simplify it or retry."
        )


class InternalError(RouterError):
    """Something on our side (or a subgraph) failed; not the client's doing."""

    code = "INTERNAL_SERVER_ERROR"


class SupergraphError(InternalError):
    code = "SUPERGRAPH_INVALID"


class PlanningError(InternalError):
    code = "QUERY_PLANNING_FAILED"


class SubgraphError(InternalError):
    """A subgraph request failed (transport, HTTP status, timeout, bad JSON)."""

    code = "SUBREQUEST_HTTP_ERROR"

    def __init__(self, message: str, *, subgraph: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.subgraph = subgraph

    def to_graphql(self) -> dict[str, Any]:
        out = super().to_graphql()
        out["extensions"]["service"] = self.subgraph
        return out

"""The vocabulary of the route table: what a route declares and what its handler receives.

    Route    method, paths, auth, request fields / query params, GraphQL operation, handler,
             success status and response type (router.rest.wire), upstream messages
    Field    one body field; matched case-insensitively (camelCase and PascalCase both arrive)
    Param    one path or query parameter (``key=`` counts as absent)
    Call     one request as the handler sees it: parsed arguments plus ``gql`` (run an operation
             on the router's pipeline; GraphQL errors become Problems)
    Reply    the success answer (status + a value of the route's response type, or the GraphQL
             data it validates from)

Bodies are decoded the way upstream's Go services did (``encoding/json`` matches keys without
regard to case) but typed strictly: a value of the wrong type is a 400 with upstream's
``errors: [{Field, Msg}]`` list, never a 500.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from router.rest.problems import Problem

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = [
    "Auth",
    "Call",
    "Field",
    "Handler",
    "Kind",
    "Param",
    "Reply",
    "Route",
    "parse_body",
    "parse_params",
]


class Auth(enum.Enum):
    """Who may call a route. Role checks beyond "signed in" are the GraphQL operation's."""

    ANONYMOUS = "anonymous"  # public; the Authorization header is not even looked at
    PUBLIC = "public"  # public; a usable bearer is passed on, an unusable one means anonymous
    USER = "user"  # a valid access token is required (401 otherwise)


class Kind(enum.Enum):
    STRING = "string"
    UUID = "uuid"
    EMAIL = "email"
    INT = "integer"
    INT_LIST = "integer-list"


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # PascalCase, as upstream's Go structs declared it
    kind: Kind = Kind.STRING
    required: bool = False
    description: str = ""
    aliases: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    max_length: int | None = None

    def schema(self) -> dict[str, Any]:
        return _schema(self.kind, self.enum, self.max_length, self.description)


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: Kind = Kind.STRING
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] = ()
    description: str = ""

    def schema(self) -> dict[str, Any]:
        schema = _schema(self.kind, self.enum, None, self.description)
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        if self.default is not None:
            schema["default"] = self.default
        return schema


def _schema(kind: Kind, enum_: tuple[str, ...], max_length: int | None, doc: str) -> dict[str, Any]:
    schema: dict[str, Any]
    if kind is Kind.INT:
        schema = {"type": "integer", "format": "int64"}
    elif kind is Kind.INT_LIST:
        schema = {"type": "array", "items": {"type": "integer", "format": "int64"}}
    else:
        schema = {"type": "string"}
        if kind is Kind.UUID:
            schema["format"] = "uuid"
        elif kind is Kind.EMAIL:
            schema["format"] = "email"
        if enum_:
            schema["enum"] = list(enum_)
        if max_length is not None:
            schema["maxLength"] = max_length
    if doc:
        schema["description"] = doc
    return schema


@dataclass(frozen=True, slots=True)
class Reply:
    value: Any
    status: int = 200


Execute = Callable[[str, Mapping[str, Any], bool], Awaitable[dict[str, Any]]]


@dataclass(slots=True)
class Call:
    """One request: parsed arguments, the viewer's claims (when verified) and ``gql``;
    ``request`` is the HTTP request itself (its ``app.state`` holds the router's metrics)."""

    route: Route
    path: dict[str, Any]
    query: dict[str, Any]
    body: dict[str, Any]
    claims: Mapping[str, Any] | None
    execute: Execute
    request: Request | None = None

    async def gql(
        self,
        document: str,
        variables: Mapping[str, Any] | None = None,
        *,
        statuses: Mapping[str, int] | None = None,
    ) -> dict[str, Any]:
        """``data`` of the operation; its first error raised as a Problem."""
        from router.rest.problems import problem_from_graphql

        response = await self.execute(document, variables or {}, self.route.auth is Auth.PUBLIC)
        errors = response.get("errors")
        if errors:
            raise problem_from_graphql(
                errors[0],
                statuses={**self.route.statuses, **(statuses or {})},
                messages=self.route.messages,
            )
        data = response.get("data")
        if not isinstance(data, dict):
            raise Problem(502, "The operation returned no data", code="BAD_GATEWAY")
        return data

    def arg(self, name: str) -> Any:
        """A body field, else a query or path parameter (None when absent)."""
        for source in (self.body, self.query, self.path):
            if name in source:
                return source[name]
        return None


Handler = Callable[[Call], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    paths: tuple[str, ...]  # templates under /api/v1, e.g. "/posts/{uuid}"; "/x/" serves "/x"
    area: str  # auth | users | posts | feed | ... (OpenAPI tag)
    summary: str
    auth: Auth
    handler: Handler
    operation: str | None = None  # the GraphQL document the route runs (None: answered here)
    body: tuple[Field, ...] = ()
    params: tuple[Param, ...] = ()  # path params (named in the template) and query params
    status: int = 200
    response: Any = None  # the success body's type (router.rest.wire); None: no body documented
    errors: tuple[int, ...] = (400, 401, 403, 404, 429)
    statuses: Mapping[str, int] = field(default_factory=dict)  # GraphQL code -> HTTP status
    messages: Mapping[int, str] = field(default_factory=dict)  # HTTP status -> upstream string
    notes: str = ""

    @property
    def operation_id(self) -> str:
        words = self.paths[0].strip("/").replace("-", "/").split("/")
        parts = [w.strip("{}").capitalize() for w in words if w]
        return self.method.lower() + "".join(parts)

    def path_param_names(self) -> set[str]:
        names: set[str] = set()
        for template in self.paths:
            names.update(p[1:-1] for p in template.split("/") if p.startswith("{"))
        return names


# ---------------------------------------------------------------------------- decoding


def _bad(field: str, msg: str) -> Problem:
    return Problem(
        400, f"{field}: {msg}", code="BAD_USER_INPUT", errors=[{"Field": field, "Msg": msg}]
    )


def _convert(name: str, kind: Kind, value: Any, enum_: tuple[str, ...], max_len: int | None) -> Any:
    if kind is Kind.INT:
        if isinstance(value, bool):
            raise _bad(name, "must be an integer")
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value.strip())
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise _bad(name, "must be an integer")
        if not -(2**63) <= number < 2**63:
            raise _bad(name, "is out of range")
        return number
    if kind is Kind.INT_LIST:
        if not isinstance(value, list):
            raise _bad(name, "must be a list of integers")
        return [_convert(name, Kind.INT, item, (), None) for item in value]
    if not isinstance(value, str):
        raise _bad(name, "must be a string")
    if "\x00" in value:
        raise _bad(name, "must not contain NUL characters")
    if kind is Kind.UUID:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            raise _bad(name, "must be a UUID") from None
    if enum_ and value.upper() not in enum_:
        raise _bad(name, f"must be one of {', '.join(enum_)}")
    if max_len is not None and len(value) > max_len:
        raise _bad(name, f"must be at most {max_len} characters")
    return value.upper() if enum_ else value


def parse_body(fields: tuple[Field, ...], raw: Any) -> dict[str, Any]:
    """Canonical field name -> typed value; keys match without regard to case."""
    if not fields:
        return {}
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise Problem(
            400,
            "The request body must be a JSON object",
            code="BAD_USER_INPUT",
            message="Error during parsing of HTTP request body",
        )
    by_key = {str(k).lower(): v for k, v in raw.items()}
    out: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for f in fields:
        value = None
        for key in (f.name, *f.aliases):
            value = by_key.get(key.lower())
            if value is not None:
                break
        if value is None or (value == "" and f.kind is not Kind.STRING):
            if f.required:
                errors.append({"Field": f.name, "Msg": "is required"})
            continue
        try:
            out[f.name] = _convert(f.name, f.kind, value, f.enum, f.max_length)
        except Problem as problem:
            errors.extend(problem.errors or [])
    if errors:
        detail = "; ".join(f"{e['Field']}: {e['Msg']}" for e in errors)
        raise Problem(400, detail, code="BAD_USER_INPUT", errors=errors)
    return out


def parse_params(params: tuple[Param, ...], raw: Mapping[str, str]) -> dict[str, Any]:
    """Typed query/path parameters; an empty value (``key=``) is the default."""
    out: dict[str, Any] = {}
    for p in params:
        value = raw.get(p.name)
        if value is None or value == "":
            if p.default is not None:
                out[p.name] = p.default
            continue
        converted = _convert(p.name, p.kind, value, p.enum, None)
        if p.kind is Kind.INT:
            if p.minimum is not None and converted < p.minimum:
                raise _bad(p.name, f"must be at least {p.minimum}")
            if p.maximum is not None and converted > p.maximum:
                raise _bad(p.name, f"must be at most {p.maximum}")
        out[p.name] = converted
    return out

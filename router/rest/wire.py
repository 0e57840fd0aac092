"""Upstream's wire shapes, each declared once as a pydantic model.

A route names its response type (``Route.response``); the shim validates what the handler
returns against it (a GraphQL node: fields are read by their camelCase GraphQL names, or by
``validation_alias`` where the names differ), serializes it with upstream's PascalCase names
(camelCase for token replies), and the OpenAPI document takes its schema from the same type.
A subgraph answer that does not fit is a 502, never a malformed reply.

Roles on the wire are upstream's: OWNER, RESIDENT (our WRITER), GI (our READER), plus our
MODERATOR. Dates are RFC 3339 strings passed through as the subgraphs print them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

from pydantic import (
    AliasGenerator,
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
)
from pydantic.alias_generators import to_camel, to_pascal

__all__ = [
    "CONTENT_STATES",
    "ROLE_FROM_WIRE",
    "ROLE_TO_WIRE",
    "USER_STATES",
    "WIRE_ROLES",
    "Comment",
    "DebugVars",
    "FeedComment",
    "FieldError",
    "Int64",
    "MetricSample",
    "Page",
    "Post",
    "ProblemDetails",
    "Tag",
    "Tokens",
    "User",
    "Uuid",
    "adapter",
    "page",
]

ROLE_TO_WIRE: Mapping[str, str] = {
    "OWNER": "OWNER",
    "MODERATOR": "MODERATOR",
    "WRITER": "RESIDENT",
    "READER": "GI",
}
ROLE_FROM_WIRE: Mapping[str, str] = {wire: ours for ours, wire in ROLE_TO_WIRE.items()}
WireRole = Literal["OWNER", "MODERATOR", "RESIDENT", "GI"]
WIRE_ROLES: tuple[str, ...] = get_args(WireRole)
ContentState = Literal["NEW", "ON_MODERATION", "PUBLISHED", "BLOCKED", "DELETED", "SCHEDULED"]
CONTENT_STATES: tuple[str, ...] = get_args(ContentState)
UserState = Literal["NEW", "CONFIRMED", "BLOCKED", "DELETED"]
USER_STATES: tuple[str, ...] = get_args(UserState)

Int64 = Annotated[int, Field(json_schema_extra={"format": "int64"})]
"""Tag and comment ids: integers upstream and in our stores (GraphQL IDs are their text)."""
Uuid = Annotated[str, Field(json_schema_extra={"format": "uuid"})]
DateTime = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


def _unix(value: Any) -> Any:
    return int(dt.datetime.fromisoformat(value).timestamp()) if isinstance(value, str) else value


UnixSeconds = Annotated[int, BeforeValidator(_unix), Field(description="Unix seconds.")]


def _role_to_wire(value: Any) -> Any:
    return ROLE_TO_WIRE.get(value, value) if isinstance(value, str) else value


class _Wire(BaseModel):
    """Reads GraphQL's camelCase (or the field's own name), writes upstream's PascalCase."""

    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=to_camel, serialization_alias=to_pascal),
        validate_by_name=True,
        serialize_by_alias=True,
        frozen=True,
    )


def _absent_when_none(value: object) -> bool:
    return value is None


class Tokens(BaseModel):
    """Login/refresh reply: camelCase, expiries in unix seconds (upstream's exception to Pascal)."""

    model_config = ConfigDict(alias_generator=to_camel, serialize_by_alias=True, frozen=True)

    access_token: str
    refresh_token: str
    access_token_expired_at: UnixSeconds = Field(validation_alias="accessTokenExpiresAt")
    refresh_token_expired_at: UnixSeconds = Field(validation_alias="refreshTokenExpiresAt")


class Tag(_Wire):
    id: Int64
    name: str


class Post(_Wire):
    uuid: Uuid = Field(validation_alias="id")
    author_uuid: Uuid = Field(validation_alias=AliasPath("author", "id"))
    text: str
    preview_text: str
    topic: str
    state: ContentState
    create_date: DateTime = Field(validation_alias="createdAt")
    last_update_date: DateTime = Field(validation_alias="updatedAt")
    tags: list[Tag]


class Comment(_Wire):
    id: Int64
    author_uuid: Uuid = Field(validation_alias=AliasPath("author", "id"))
    post_uuid: Uuid = Field(validation_alias="postId")
    text: str
    state: ContentState
    create_date: DateTime = Field(validation_alias="createdAt")
    last_update_date: DateTime = Field(validation_alias="updatedAt")
    linked_comment_id: Int64 | None = Field(
        None, validation_alias="parentId", exclude_if=_absent_when_none
    )


class FeedComment(_Wire):
    id: Int64
    create_date: DateTime = Field(validation_alias="createdAt")
    state: ContentState


class User(_Wire):
    uuid: Uuid = Field(validation_alias="id")
    login: str
    email: str | None
    role: Annotated[WireRole, BeforeValidator(_role_to_wire)]
    state: UserState
    create_date: DateTime | None = Field(
        None, validation_alias="createdAt", exclude_if=_absent_when_none
    )


class MetricSample(_Wire):
    name: str
    labels: dict[str, str]
    value: float | None


class DebugVars(_Wire):
    """What one router process is and has done (upstream: Go expvar)."""

    service: str
    area: str
    version: str
    python: str
    pid: int
    started_at: DateTime
    now: DateTime
    uptime_seconds: float = Field(ge=0)
    max_rss_bytes: int = Field(description="Peak resident set size.")
    threads: int
    asyncio_tasks: int
    metrics: list[MetricSample] = Field(
        description="Prometheus samples (histogram buckets left out)."
    )


T = TypeVar("T")


class Page(_Wire, Generic[T]):
    """Upstream's list envelope."""

    count: int = Field(description="Items in this page (not a total).")
    offset: int
    limit: int
    data: list[T]


def page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """A ``Page`` of ``items`` (Count is the number of items in this page, not a total)."""
    return {"count": len(items), "offset": offset, "limit": limit, "data": items}


class FieldError(_Wire):
    field: str
    msg: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details; `message` is upstream's string for the case."""

    model_config = ConfigDict(frozen=True)

    type: str
    title: str
    status: int
    detail: str
    code: str
    message: str
    errors: list[FieldError] | None = Field(None, exclude_if=_absent_when_none)


@cache
def adapter(shape: Any) -> TypeAdapter[Any]:
    """The (cached) validator/serializer of a route's response type."""
    return TypeAdapter(shape)

"""OpenAPI 3.1 from the route table (served at ``/api/v1/openapi.json``).

Each route becomes one operation at its first path (the others, and the trailing-slash twin, are
served too and named in the description). Bodies are described with upstream's PascalCase names;
keys match case-insensitively, so objects allow other properties. Every documented error is an
``application/problem+json`` ``Problem``. The GraphQL operation a route runs is in its
description, so the document says what REST does in GraphQL terms. Response schemas come from
each route's response type (router.rest.wire), the types the shim serializes with.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue

from router.rest.spec import Auth, Route
from router.rest.wire import ProblemDetails, adapter

__all__ = ["openapi_document"]

_AREAS = {
    "auth": "Log in and refresh tokens (upstream auth-service).",
    "users": "Accounts and profiles (upstream profiles-service).",
    "posts": "Posts, comments and tags (upstream posts-service).",
    "feed": "Lists of posts and comments (upstream feed-builder-service).",
    "subscriptions": "Upstream's event endpoints (upstream subscriptions-service).",
}


#: Every deliberate difference from upstream's REST behaviour, with its reason; kept in the
#: document's description so clients of the upstream interface can see them in one place.
DEVIATIONS = (
    "The author of a post or comment comes from the access token; `AuthorUuid` in a body is "
    "accepted and ignored (upstream trusted the body: impersonation).",
    "Posts in NEW, ON_MODERATION or BLOCKED are visible to their author and moderators only "
    "(upstream returned them to anyone); DELETED posts are 404 for everyone.",
    "Roles: besides OWNER, MODERATOR moderates, RESIDENT (our WRITER) writes posts (upstream: "
    "OWNER only) and GI (our READER) reads and comments. Authors submit (ON_MODERATION) and "
    "MODERATOR/OWNER publish and block; an author publishes directly only when an OWNER made "
    "them a trusted author (GraphQL `setTrustedAuthor`) or posts' AUTHOR_SELF_PUBLISH is on.",
    "DELETED users and comments are 404 by id (`/users/name/{uuid}`, "
    "`/posts/{uuid}/comments/{id}`) except to moderators, who still see them with State "
    "DELETED (upstream hid them from everyone, its admin included).",
    "Changing one's password re-authenticates: `CurrentPassword`, or a password login within "
    "the last 5 minutes (REAUTH_WINDOW_SECONDS; the token's `auth_time`); otherwise 403: log "
    "in again. Upstream asked nothing, so a stolen access token could take an account over. An "
    "empty `Password` (as upstream's account form sends) changes nothing.",
    "Deleting one's own account needs its `Password` and is a soft delete (state DELETED, "
    "every session ends); upstream deleted the row with the access token alone.",
    "An OWNER may rename another user's login (`PUT /users {Uuid, Login}`), as upstream; email "
    "changes stay OWNER-only and are checked to be valid and unused (409).",
    "`/auth/refresh-token` answers an unusable refresh token with 400, never 401 or 500 "
    "(upstream's UI refreshes on every 401); refresh tokens rotate, and a reused one ends its "
    "session.",
    "Wrong credentials, rate limits and bad input are problem+json with upstream's message "
    "string in `message`; text with control characters (U+0000 to U+001F but tab, LF, CR) is "
    "refused with 400.",
    "A request body must be sent as `Content-Type: application/json` (415 otherwise): an HTML "
    "form on another site can post text/plain or form data, so upstream's JSON decoding of any "
    "body let such a form log in or change data. 429 answers carry `Retry-After` (seconds).",
    "Feed sync routes rebuild the feed's read model instead of starting or stopping a consumer.",
    "`/subscriptions/event` publishes only on the topics the subscriptions service allows "
    "(UPSTREAM_EVENT_TOPICS, default SEND_EMAIL; others 400), through its outbox; "
    "`/subscriptions/event/email` becomes a notification request of type EMAIL.",
)


def _description(route: Route) -> str:
    parts = [route.summary]
    others = [p for p in route.paths[1:]]
    twin = route.paths[0].rstrip("/") if route.paths[0].endswith("/") else route.paths[0] + "/"
    parts.append(f"Also served at `{twin}`" + "".join(f", `{p}`" for p in others) + ".")
    parts.append(
        {
            Auth.ANONYMOUS: "Public; the Authorization header is ignored.",
            Auth.PUBLIC: "Public; a valid bearer token widens what is visible, an unusable one "
            "(e.g. `Bearer undefined`) counts as anonymous.",
            Auth.USER: "Requires `Authorization: Bearer <access token>` (401 otherwise).",
        }[route.auth]
    )
    if route.body:
        parts.append("Body keys match case-insensitively (`authorUuid` = `AuthorUuid`).")
    if route.operation:
        parts.append(f"GraphQL:\n\n```graphql\n{route.operation}\n```")
    if route.notes:
        parts.append(route.notes)
    return "\n\n".join(parts)


def _parameters(route: Route) -> list[dict[str, Any]]:
    path_names = route.path_param_names()
    out: list[dict[str, Any]] = []
    for param in route.params:
        location = "path" if param.name in path_names else "query"
        spec: dict[str, Any] = {
            "name": param.name,
            "in": location,
            "required": location == "path",
            "schema": param.schema(),
        }
        if location == "query":
            spec["allowEmptyValue"] = True
        out.append(spec)
    return out


def _request_body(route: Route) -> dict[str, Any] | None:
    if not route.body:
        return None
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: f.schema() for f in route.body},
        "additionalProperties": True,
    }
    required = [f.name for f in route.body if f.required]
    if required:
        schema["required"] = required
    return {"required": bool(required), "content": {"application/json": {"schema": schema}}}


class _Schemas(GenerateJsonSchema):
    """pydantic's JSON schemas without a ``title`` on every property."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def _schemas(
    routes: Sequence[Route],
) -> tuple[list[JsonSchemaValue | None], JsonSchemaValue, JsonSchemaValue]:
    """Each route's success schema (None: no body), the problem schema, and the definitions
    they share (``components/schemas``)."""
    mode: JsonSchemaMode = "serialization"
    inputs: list[tuple[int, JsonSchemaMode, TypeAdapter[Any]]] = [
        (index, mode, adapter(route.response))
        for index, route in enumerate(routes)
        if route.response is not None
    ]
    inputs.append((-1, mode, adapter(ProblemDetails)))
    found, definitions = TypeAdapter.json_schemas(
        inputs, ref_template="#/components/schemas/{model}", schema_generator=_Schemas
    )
    by_route = [found.get((index, mode)) for index in range(len(routes))]
    return by_route, found[(-1, mode)], definitions.get("$defs", {})


def _responses(
    route: Route, schema: JsonSchemaValue | None, problem: JsonSchemaValue
) -> dict[str, Any]:
    success: dict[str, Any] = {"description": HTTPStatus(route.status).phrase}
    if schema is not None:
        success["content"] = {"application/json": {"schema": schema}}
    responses: dict[str, Any] = {str(route.status): success}
    statuses = set(route.errors)
    if route.method != "GET":
        statuses.add(415)  # a body that is not application/json
    if route.body:
        statuses.update((400, 413))
    if route.params:
        statuses.add(400)
    if route.auth is Auth.USER:
        statuses.add(401)
    if any(p.name in route.path_param_names() for p in route.params):
        statuses.add(404)
    for status in sorted(statuses):
        responses[str(status)] = {
            "description": HTTPStatus(status).phrase,
            "content": {"application/problem+json": {"schema": problem}},
        }
    return responses


def openapi_document(routes: Sequence[Route]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas, problem, definitions = _schemas(routes)
    for route, schema in zip(routes, schemas, strict=True):
        template = route.paths[0].rstrip("/") or "/"
        operation: dict[str, Any] = {
            "operationId": route.operation_id,
            "summary": route.summary,
            "description": _description(route),
            "tags": [route.area],
            "responses": _responses(route, schema, problem),
        }
        parameters = _parameters(route)
        if parameters:
            operation["parameters"] = parameters
        body = _request_body(route)
        if body is not None:
            operation["requestBody"] = body
        if route.auth is Auth.USER:
            operation["security"] = [{"bearer": []}]
        else:
            operation["security"] = [{}, {"bearer": []}]
        paths.setdefault(template, {})[route.method.lower()] = operation
    areas = sorted({r.area for r in routes}, key=list(_AREAS).index)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Indefinite Studies REST API (v1)",
            "version": "1.0.0",
            "description": (
                "Upstream's REST interface, served by the router: every route runs a GraphQL "
                "operation on the same pipeline as /graphql. Responses are PascalCase (token "
                "replies camelCase); errors are RFC 9457 problem+json whose `message` is "
                "upstream's string. Lists take offset/limit and answer {Count, Offset, Limit, "
                "Data} (Count = items in the page).\n\n"
                "Deliberate deviations from upstream:\n\n"
                + "\n".join(f"- {deviation}" for deviation in DEVIATIONS)
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": area, "description": _AREAS.get(area, "")} for area in areas],
        "paths": paths,
        "components": {
            "schemas": definitions,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }

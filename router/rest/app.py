"""The REST shim's ASGI app, mounted by the router at ``/api/v1``.

``RestShim.handle`` reads as the request's steps: match the route -> authenticate -> parse
path/query/body -> run the route's handler (GraphQL operations on the router's engine, the same
``Pipeline`` as ``/graphql``) -> answer JSON, or problem+json for any failure.

Bearer handling follows upstream's web UI, which sends ``Authorization: Bearer undefined`` before
login: on public routes an unusable token means anonymous, on protected routes it is a 401.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
import structlog
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send

from router.edge.errors import EdgeError
from router.edge.headers import HeaderPlan
from router.edge.security_headers import content_security_policy
from router.edge.track_id import resolve_track_id
from router.errors import ClientError
from router.pipeline import GraphQLEngine, GraphQLRequest
from router.rest.docs import STYLE_HASH, docs_html
from router.rest.openapi import openapi_document
from router.rest.problems import Problem
from router.rest.routes import ROUTES
from router.rest.spec import Auth, Call, Route, parse_body, parse_params

__all__ = ["RestShim", "TokenVerifier"]

log = structlog.get_logger(__name__)
_DOCS_POLICY = content_security_policy(style_hashes=[STYLE_HASH])
_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class TokenVerifier(Protocol):
    async def verify(self, authorization: str | None) -> object | None: ...


@dataclass(frozen=True, slots=True)
class _Compiled:
    route: Route
    pattern: re.Pattern[str]


def _compile(routes: Sequence[Route]) -> list[_Compiled]:
    """Literal paths before parametrised ones (``/posts/tags`` before ``/posts/{uuid}``)."""
    compiled: list[tuple[int, int, _Compiled]] = []
    for index, route in enumerate(routes):
        for template in route.paths:
            body = template.rstrip("/") or "/"
            regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]*)", body)
            compiled.append(
                (template.count("{"), index, _Compiled(route, re.compile(f"^{regex}/?$")))
            )
    return [c for _, _, c in sorted(compiled, key=lambda t: (t[0], t[1]))]


class RestShim:
    def __init__(
        self,
        *,
        engine: GraphQLEngine,
        header_plan: HeaderPlan,
        verifier: TokenVerifier | None,
        max_body_bytes: int,
        routes: Sequence[Route] = ROUTES,
    ) -> None:
        self.engine = engine
        self.header_plan = header_plan
        self.verifier = verifier
        self.max_body_bytes = max_body_bytes
        self.routes = tuple(routes)
        self._compiled = _compile(self.routes)
        self._openapi = orjson.dumps(openapi_document(self.routes))
        self._docs = docs_html(self.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except Problem as problem:
            response = problem.to_response()
        except Exception:
            log.exception("rest.failed", path=request.url.path, method=request.method)
            response = Problem(500, "Internal server error").to_response()
        await response(scope, receive, send)

    def _path(self, scope: Scope) -> str:
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        return path or "/"

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        allowed: set[str] = set()
        for compiled in self._compiled:
            found = compiled.pattern.match(path)
            if found is None:
                continue
            if compiled.route.method == method or (
                method == "HEAD" and compiled.route.method == "GET"
            ):
                return compiled.route, found.groupdict()
            allowed.add(compiled.route.method)
        if allowed:
            raise Problem(
                405,
                f"{method} is not allowed here",
                headers={"allow": ", ".join(sorted(allowed))},
            )
        raise Problem(404, f"No route for {path}")

    async def handle(self, request: Request) -> Response:
        path = self._path(request.scope)
        if request.method in ("GET", "HEAD") and path.rstrip("/") == "/openapi.json":
            return Response(self._openapi, media_type="application/json")
        if request.method in ("GET", "HEAD") and path.rstrip("/") == "/docs":
            return HTMLResponse(self._docs, headers={"content-security-policy": _DOCS_POLICY})
        route, raw_path = self.match(request.method, path)
        if any(value == "" for value in raw_path.values()):
            raise Problem(404, "Not found")
        authorization, claims = await self.authenticate(route, request)
        params = parse_params(tuple(p for p in route.params if p.name in raw_path), raw_path)
        query = parse_params(
            tuple(p for p in route.params if p.name not in raw_path), request.query_params
        )
        body = parse_body(route.body, await self.read_body(request)) if route.body else {}
        track_id = request.scope.get("state", {}).get("track_id") or resolve_track_id(
            request.scope["headers"]
        )
        incoming = {k: v for k, v in request.headers.items() if k != "authorization"}
        if authorization is not None:
            incoming["authorization"] = authorization
        headers = self.header_plan.apply(incoming, track_id)
        anonymous = {k: v for k, v in headers.items() if k != "authorization"}

        async def execute(
            document: str, variables: Mapping[str, Any], retry_anonymous: bool
        ) -> dict[str, Any]:
            response = await self._run(document, variables, headers)
            if retry_anonymous and "authorization" in headers and _unauthenticated(response):
                # No verifier at the edge: the subgraph refused the token of a public route.
                response = await self._run(document, variables, anonymous)
            return response

        call = Call(route, params, query, body, claims, execute, request)
        reply = await route.handler(call)
        status = reply.status if reply.status != 200 else route.status
        return Response(
            orjson.dumps(reply.value), status_code=status, media_type="application/json"
        )

    async def _run(
        self, document: str, variables: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        try:
            outcome = await self.engine.execute(
                GraphQLRequest(document, dict(variables)), headers=headers
            )
        except ClientError as error:
            return {"errors": [error.to_graphql()]}
        return outcome.response

    async def authenticate(
        self, route: Route, request: Request
    ) -> tuple[str | None, Mapping[str, Any] | None]:
        """(Authorization to pass on, verified claims) for this route."""
        header = request.headers.get("authorization")
        if route.auth is Auth.ANONYMOUS:
            return None, None
        usable: bool
        claims: Mapping[str, Any] | None = None
        if header is None or not header.strip():
            usable = False
        elif self.verifier is not None:
            try:
                verified = await self.verifier.verify(header)
            except EdgeError:
                usable = False
            else:
                usable = verified is not None
                claims = verified if isinstance(verified, Mapping) else None
        else:
            scheme, _, token = header.strip().partition(" ")
            usable = scheme.lower() == "bearer" and _JWT.fullmatch(token.strip()) is not None
        if usable:
            return header, claims
        if route.auth is Auth.USER:
            raise Problem(
                401,
                "A valid access token is required (Authorization: Bearer <token>)",
                headers={"www-authenticate": 'Bearer error="invalid_token"'},
            )
        return None, None

    async def read_body(self, request: Request) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            raise Problem(413, "The request body is too large")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body_bytes:
                raise Problem(413, "The request body is too large")
            chunks.append(chunk)
        raw = b"".join(chunks)
        if not raw.strip():
            return None
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise Problem(
                400,
                "The request body is not valid JSON",
                message="Error during parsing of HTTP request body",
            ) from None


def _unauthenticated(response: Mapping[str, Any]) -> bool:
    errors = response.get("errors") or ()
    return any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in errors)

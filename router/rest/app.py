"""The REST shim's ASGI app, mounted by the router at ``/api/v1``.

Routing is starlette's: one ``starlette.routing.Route`` per path of the table (literal paths
before parametrised ones, so ``/posts/tags`` wins over ``/posts/{uuid}``), allowing the methods
the table has for it; an unknown path is a 404 and another method a 405 with ``Allow``, both
problem+json. A trailing slash is ignored (``/posts/`` is ``/posts``).

``RestShim.handle`` reads as the request's steps: refuse a body that is not JSON -> authenticate
-> parse path/query/body -> run the route's handler (GraphQL operations on the router's engine,
the same ``Pipeline`` as ``/graphql``) -> validate and serialize its reply with the route's
response type -> answer JSON, or problem+json for any failure. Each request is counted by route
template (``router.rest.metrics``).

Bearer handling follows upstream's web UI, which sends ``Authorization: Bearer undefined`` before
login: on public routes an unusable token means anonymous, on protected routes it is a 401.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
import pydantic
import structlog
from prometheus_client import CollectorRegistry
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Router
from starlette.routing import Route as PathRoute
from starlette.types import Message, Receive, Scope, Send

from common.tracking import resolve_track_id
from router.edge.errors import EdgeError, Unauthenticated
from router.edge.headers import HeaderPlan
from router.edge.http_cache import anonymous_get, revalidated
from router.edge.jwt import TokenVerifier
from router.edge.security_headers import content_security_policy
from router.errors import ClientError
from router.pipeline import GraphQLEngine, GraphQLRequest
from router.rest.docs import STYLE_HASH, docs_html
from router.rest.metrics import UNMATCHED, RestMetrics
from router.rest.openapi import openapi_document
from router.rest.problems import Problem
from router.rest.routes import ROUTES
from router.rest.spec import Auth, Call, Route, parse_body, parse_params
from router.rest.wire import adapter

__all__ = ["RestShim"]

log = structlog.get_logger(__name__)
_DOCS_POLICY = content_security_policy(style_hashes=[STYLE_HASH])
_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_READS = frozenset({"GET", "HEAD", "OPTIONS"})


class _PathEndpoint:
    """The ASGI app of one path: the table's route for the request's method (HEAD is GET)."""

    def __init__(self, shim: RestShim, by_method: Mapping[str, Route]) -> None:
        self.shim = shim
        self.by_method = dict(by_method)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        route = self.by_method.get(request.method) or self.by_method["GET"]
        response = await self.shim.handle(route, request)
        await response(scope, receive, send)


class _Fixed:
    """An ASGI app answering one prepared response (the OpenAPI document, the docs page)."""

    def __init__(self, response: Response) -> None:
        self.response = response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.response(scope, receive, send)


async def _no_route(scope: Scope, receive: Receive, send: Send) -> None:
    raise Problem(404, f"No route for {scope['path'].removeprefix(scope.get('root_path', ''))}")


class RestShim:
    def __init__(
        self,
        *,
        engine: GraphQLEngine,
        header_plan: HeaderPlan,
        verifier: TokenVerifier | None,
        max_body_bytes: int,
        routes: Sequence[Route] = ROUTES,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self.engine = engine
        self.header_plan = header_plan
        self.verifier = verifier
        self.max_body_bytes = max_body_bytes
        self.routes = tuple(routes)
        self.metrics = RestMetrics(registry or CollectorRegistry())
        document = Response(
            orjson.dumps(openapi_document(self.routes)), media_type="application/json"
        )
        docs = HTMLResponse(
            docs_html(self.routes), headers={"content-security-policy": _DOCS_POLICY}
        )
        fixed: list[BaseRoute] = [
            PathRoute("/openapi.json", _Fixed(document), methods=["GET"]),
            PathRoute("/docs", _Fixed(docs), methods=["GET"]),
        ]
        self.router = Router(
            [*fixed, *self._path_routes()], redirect_slashes=False, default=_no_route
        )

    def _path_routes(self) -> list[BaseRoute]:
        """One starlette route per path, literal paths first (then in table order)."""
        by_path: dict[str, dict[str, Route]] = {}
        for route in self.routes:
            for template in route.paths:
                by_path.setdefault(template.rstrip("/") or "/", {})[route.method] = route
        ordered = sorted(by_path.items(), key=lambda item: item[0].count("{"))
        return [
            PathRoute(path, _PathEndpoint(self, methods), methods=list(methods))
            for path, methods in ordered
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope["path"]
        scope = {**scope, "path": path[:-1] if len(path) > 1 and path.endswith("/") else path}
        scope.pop("route", None)  # the router's Mount; ours is set when a path matches
        scope.setdefault("app", self)  # starlette answers 405 by raising HTTPException then
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        start = time.perf_counter()
        try:
            try:
                await self.router(scope, receive, send_and_note)
                return
            except Problem as problem:
                response = problem.to_response()
            except HTTPException as exc:  # 405 from starlette's routing
                detail = f"{scope['method']} is not allowed here" if exc.status_code == 405 else ""
                refusal = Problem(exc.status_code, detail or exc.detail, headers=exc.headers)
                response = refusal.to_response()
            except pydantic.ValidationError as exc:
                log.error("rest.bad_subgraph_answer", path=path, errors=exc.errors()[:3])
                response = Problem(
                    502, "A subgraph answered an unexpected shape", code="BAD_GATEWAY"
                ).to_response()
            except Exception:
                log.exception("rest.failed", path=path, method=scope["method"])
                response = Problem(500, "Internal server error").to_response()
            await response(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            template = route.path if isinstance(route, PathRoute) else UNMATCHED
            self.metrics.observe(template, scope["method"], status, time.perf_counter() - start)

    async def handle(self, route: Route, request: Request) -> Response:
        _require_json_body(request)
        raw_path: dict[str, str] = request.path_params
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
        client = request.client.host if request.client else None
        headers = self.header_plan.apply(incoming, track_id, client)
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
        if route.response is None:
            content = orjson.dumps(reply.value)
        else:
            shape = adapter(route.response)
            content = shape.dump_json(shape.validate_python(reply.value))
        response = Response(content, status_code=status, media_type="application/json")
        if status == 200 and claims is None and authorization is None and anonymous_get(request):
            return revalidated(request, response)  # a public page: CDNs revalidate it
        return response

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
                claims = await self.verifier.verify(header)
            except Unauthenticated:
                usable = False
            except EdgeError as error:  # the revocation list does not answer: not a 401
                raise Problem(error.status, error.message, code=error.code) from None
            else:
                usable = claims is not None
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


def _require_json_body(request: Request) -> None:
    """A body sent with a mutation must be declared ``application/json``: an HTML form on any
    site can post text/plain or form data without a CORS preflight, JSON it cannot."""
    if request.method in _READS:
        return
    length = request.headers.get("content-length")
    has_body = "transfer-encoding" in request.headers or (length is not None and length != "0")
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if has_body and media_type != "application/json":
        raise Problem(415, "The request body must be JSON (Content-Type: application/json)")


def _unauthenticated(response: Mapping[str, Any]) -> bool:
    errors = response.get("errors") or ()
    return any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in errors)

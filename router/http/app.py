"""``create_app``: settings -> a Starlette app with every per-request object compiled up front.

Middleware is kept to two pure ASGI layers (track id, then CORS when configured); body limits,
auth and persisted queries run inside the /graphql endpoint so nothing re-reads the body.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from common.graveyard import enable_asyncio
from common.redis import connect
from common.revocation import RevocationList
from common.tracing import asgi_middleware
from common.tracking import TrackCookie, TrackIdMiddleware
from router.edge.apq import ApqStore, MemoryApqStore, PersistedQueries, RedisApqStore
from router.edge.cors import cors_middleware
from router.edge.headers import compile_header_plan
from router.edge.jwt import JwtVerifier, TokenVerifier
from router.edge.limits import compile_limit_rules
from router.edge.security_headers import SecurityHeadersMiddleware
from router.edge.subscriptions import SubscriptionHub, SubscriptionMetrics
from router.edge.trusted_documents import TrustedDocuments, load_manifest
from router.http.assets import default_assets_dir, load_assets
from router.http.build import (
    EngineFactory,
    EngineOptions,
    build_pipeline,
)
from router.http.debug import PlanEndpoint
from router.http.graphiql import PAGE_FILES
from router.http.graphql import GraphQLEndpoint
from router.http.health import Readiness, healthz
from router.http.subscriptions import SubscribingEngine, SubscriptionContext, TransportWsEndpoint
from router.metrics import CONTENT_TYPE_LATEST, RouterMetrics
from router.pipeline import GraphQLEngine
from router.reload import (
    FileSource,
    SupergraphReloader,
    SupergraphSource,
    SwappableEngine,
    UrlSource,
)
from router.settings import RouterSettings

__all__ = ["create_app"]


def create_app(
    settings: RouterSettings,
    *,
    engine_factory: EngineFactory | None = None,
    verifier: TokenVerifier | None = None,
    http_transport: httpx.AsyncBaseTransport | None = None,
) -> Starlette:
    """Build the router app.

    ``engine_factory`` defaults to the real ``Pipeline`` over ``settings.supergraph``; tests pass a
    fake. ``http_transport`` is used by the router's own HTTP clients (JWKS, readiness probes).
    """
    sdl: str | None = None
    if engine_factory is None:
        if settings.supergraph_url is not None:
            sdl = httpx.get(settings.supergraph_url, timeout=30.0).raise_for_status().text
        elif settings.supergraph is not None:
            sdl = settings.supergraph.read_text(encoding="utf-8")
        else:
            raise ValueError("no supergraph: pass --supergraph PATH or set ROUTER_SUPERGRAPH")
        first = sdl

        def engine_factory(options: EngineOptions) -> tuple[GraphQLEngine, Mapping[str, str]]:
            return build_pipeline(first, options)

    metrics = RouterMetrics(max_operation_names=settings.metrics.max_operation_names)
    options = EngineOptions(
        extra_rules=compile_limit_rules(settings.limits),
        on_plan_cache=metrics.on_plan_cache,
        wrap_fetcher=metrics.wrap_fetcher,
        plan_cache_size=settings.plan_cache_size,
        introspection=settings.introspection,
        subgraph_timeout=settings.subgraph_timeout_seconds,
        subgraph_timeouts=settings.subgraph_timeouts,
        subgraph_mutation_timeout=settings.subgraph_mutation_timeout_seconds,
        subgraph_urls=settings.subgraph_urls,
        subgraph_dedupe=settings.subgraph_dedupe,
        subgraph_dedupe_ignore_headers=settings.subgraph_dedupe_ignore_headers,
        max_tokens=settings.limits.max_tokens,
        max_fields=settings.limits.max_fields,
        max_cost=settings.limits.max_cost,
        default_list_size=settings.limits.default_list_size,
        prepare_timeout=settings.limits.prepare_timeout_seconds,
        subscriptions=settings.subscriptions.enabled,
        subscription_connect_timeout=settings.subscriptions.subgraph_connect_timeout_seconds,
        subscription_heartbeat=settings.subscriptions.heartbeat_seconds,
    )
    engine, subgraph_urls = engine_factory(options)
    client = httpx.AsyncClient(transport=http_transport)
    reloader: SupergraphReloader | None = None
    if settings.reload.enabled:
        # requests (and subscriptions) keep the pipeline they began with: router.reload
        engine = swappable = SwappableEngine(engine)
        source: SupergraphSource
        if settings.supergraph_url is not None:
            source = UrlSource(settings.supergraph_url, client=client, loaded=sdl)
        elif settings.supergraph is not None:
            source = FileSource(settings.supergraph, loaded=sdl)
        else:
            raise ValueError("reload.enabled needs a supergraph file or supergraph_url")
        reloader = SupergraphReloader(
            source,
            lambda new_sdl: build_pipeline(new_sdl, options)[0],
            swappable,
            interval=settings.reload.interval_seconds,
            registry=metrics.registry,
        )
    jwt_verifier: JwtVerifier | None = None
    if verifier is None and settings.jwt.jwks_url is not None:
        # the revocation list lives in the Redis auth writes it to (common/revocation.py)
        revocations = RevocationList(connect(settings.redis_url)) if settings.redis_url else None
        jwt_verifier = JwtVerifier(settings.jwt, client=client, revocations=revocations)
        verifier = jwt_verifier
    apq_store: ApqStore | None = None
    if settings.apq.enabled:
        apq_store = (
            RedisApqStore(
                settings.redis_url,
                ttl_seconds=settings.apq.redis_ttl_seconds,
                key_prefix=settings.apq.redis_key_prefix,
            )
            if settings.redis_url
            else MemoryApqStore(settings.apq.cache_size)
        )

    persisted = settings.persisted
    trusted_documents = TrustedDocuments(
        load_manifest(persisted.manifest) if persisted.manifest is not None else {},
        safelist=persisted.safelist,
    )

    sessions = None
    if settings.sessions.grpc_target:
        from router.edge.sessions import SessionReporter

        sessions = SessionReporter(settings.sessions, registry=metrics.registry)

    header_plan = compile_header_plan(
        settings.headers, secret=settings.subgraph_shared_secret.get_secret_value() or None
    )
    assets = load_assets(settings.assets_dir or default_assets_dir(), PAGE_FILES)
    hub = SubscriptionHub(settings.subscriptions, SubscriptionMetrics(metrics.registry))
    subscriptions = None
    if settings.subscriptions.enabled and isinstance(engine, SubscribingEngine):
        subscriptions = SubscriptionContext(
            engine=engine,
            hub=hub,
            verifier=verifier,
            header_plan=header_plan,
            settings=settings.subscriptions,
        )
    graphql = GraphQLEndpoint(
        engine=engine,
        metrics=metrics,
        header_plan=header_plan,
        verifier=verifier,
        apq=PersistedQueries(apq_store) if apq_store is not None else None,
        max_body_bytes=settings.limits.max_body_bytes,
        graphiql=settings.graphiql,
        query_plan_header=settings.query_plan_header,
        sessions=sessions,
        max_tokens=settings.limits.max_tokens,
        assets=assets,
        access_log=settings.access_log,
        subscriptions=subscriptions,
        trusted=trusted_documents,
    )

    async def metrics_endpoint(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    routes: list[BaseRoute] = [
        Route("/graphql", graphql.endpoint, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route(
            "/readyz",
            Readiness(
                client=client,
                graphql_urls=subgraph_urls,
                health_urls=settings.subgraph_health_urls,
                timeout=settings.readiness_timeout_seconds,
            ).endpoint,
            methods=["GET"],
        ),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
        Route("/assets/{file}", assets.endpoint, methods=["GET", "HEAD"]),
    ]
    if subscriptions is not None:
        ws = TransportWsEndpoint(subscriptions).endpoint
        routes += [WebSocketRoute("/graphql", ws), WebSocketRoute("/ws", ws)]
    if settings.plan_endpoint:
        routes.append(
            Route(
                "/debug/plan",
                PlanEndpoint(
                    engine=engine,
                    max_body_bytes=settings.limits.max_body_bytes,
                    verifier=verifier,
                ).endpoint,
                methods=["POST"],
            )
        )

    # The REST shim (upstream's /api/v1): routes become GraphQL operations on this same engine.
    from starlette.routing import Mount

    from router.rest import RestShim

    routes.append(
        Mount(
            "/api/v1",
            app=RestShim(
                engine=engine,
                header_plan=header_plan,
                verifier=verifier,
                max_body_bytes=settings.limits.max_body_bytes,
                registry=metrics.registry,
            ),
        )
    )

    # Public syndication paths (RSS/Atom/JSON Feed, sitemap.xml) proxied to the feed service.
    from router.rest.feeds import feed_routes

    routes.extend(feed_routes(subgraph_urls, client))

    tracking = settings.tracking
    cookie = (
        TrackCookie(tracking.cookie, tracking.cookie_max_age_seconds, tracking.cookie_secure)
        if tracking.cookie
        else None
    )
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(TrackIdMiddleware, cookie=cookie),
    ]
    cors = cors_middleware(settings.cors, settings.cors_origins)
    if cors is not None:
        middleware.insert(0, cors)
    if settings.trusted_proxies:
        # uvicorn's own: the client is the first address, from the right of X-Forwarded-For,
        # that is not a trusted proxy (request.client everywhere after this)
        trusted = list(settings.trusted_proxies)
        middleware.insert(0, Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted))
    middleware[0:0] = asgi_middleware()  # a server span per request, when tracing is on

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        enable_asyncio()  # the graveyard sees failed background tasks (when SENTRY_DSN is set)
        if reloader is not None:
            reloader.start()
        try:
            yield {}
        finally:
            hub.shutdown()
            if reloader is not None:
                await reloader.aclose()
            if sessions is not None:
                await sessions.aclose()
            await engine.aclose()
            if apq_store is not None:
                await apq_store.aclose()
            if jwt_verifier is not None:
                await jwt_verifier.aclose()
            await client.aclose()

    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.metrics = metrics
    app.state.engine = engine
    app.state.reloader = reloader
    app.state.settings = settings
    app.state.subscriptions = hub  # __main__ ends the streams before uvicorn waits for them
    return app

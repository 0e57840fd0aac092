"""A service process: its Starlette app (GraphQL, health, metrics) and its gRPC server, started
and stopped together. `running()` serves a service on given (or free) loopback ports for
tests and for `make dev`; `serve()` runs one until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import signal
import socket
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from typing import Any, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from common.gate import SubgraphGate
from common.graphql import GraphQLApp
from common.graveyard import enable_asyncio, init_graveyard
from common.grpc import Register, create_server
from common.health import ReadinessCheck, health_routes
from common.logging import configure_logging, get_logger
from common.metrics import MetricsMiddleware, metrics_endpoint
from common.settings import ServiceSettings
from common.tracing import asgi_middleware, init_tracing
from common.tracking import TrackIdMiddleware

log = get_logger(__name__)
Hook = Callable[[], Awaitable[None]]

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)

HTTP_KEEP_ALIVE_SECONDS = 75
"""How long an idle keep-alive connection stays open: longer than the router keeps idle
connections in its pool (router.executor.fetcher.IDLE_CONNECTION_SECONDS). A server that
closes first races the client's next request on that connection ("Connection reset by peer",
a 502 at the router); uvicorn's default is 5 s."""


@dataclass
class ServiceApp:
    """Everything a service runs; built by each service's `app.create_app(settings)`."""

    settings: ServiceSettings
    graphql: ASGIApp
    readiness: Mapping[str, ReadinessCheck] = field(default_factory=dict)
    grpc: Sequence[Register] = ()
    routes: Sequence[BaseRoute] = ()
    on_start: Sequence[Hook] = ()
    on_stop: Sequence[Hook] = ()

    def http_app(self) -> Starlette:
        routes: list[BaseRoute] = [
            *health_routes(self.readiness),
            Route("/metrics", metrics_endpoint),
            *self.routes,
            Route(
                "/graphql",
                SubgraphGate(self.graphql, self.settings.subgraph_shared_secret.get_secret_value()),
                methods=["GET", "POST"],
            ),
        ]
        return Starlette(
            routes=routes,
            middleware=[
                *asgi_middleware(),  # outermost: the server span covers the whole request
                Middleware(TrackIdMiddleware),
                Middleware(MetricsMiddleware, service=self.settings.service_name),
            ],
        )


@dataclass(frozen=True)
class RunningService:
    name: str
    http_url: str
    graphql_url: str
    grpc_target: str


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its own signal handling: `serve()` owns the signals for HTTP and gRPC."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _bind(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on sockets that say they are TCP,
    # and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


@contextlib.asynccontextmanager
async def running(
    service: ServiceApp, *, free_ports: bool = False
) -> AsyncIterator[RunningService]:
    """Start hooks, gRPC and HTTP; yield the addresses; stop everything in reverse."""
    settings = service.settings
    for hook in service.on_start:
        await hook()
    grpc_server = create_server(
        service=settings.service_name,
        host=settings.grpc_host,
        port=0 if free_ports else settings.grpc_port,
        register=service.grpc,
    )
    await grpc_server.start()
    sock = _bind(settings.http_host, 0 if free_ports else settings.http_port)
    http_port = sock.getsockname()[1]
    config = uvicorn.Config(
        service.http_app(),
        log_config=None,
        access_log=False,
        proxy_headers=False,  # only the router's forwarded address counts (common/gate.py)
        lifespan="off",
        timeout_graceful_shutdown=5,
        timeout_keep_alive=HTTP_KEEP_ALIVE_SECONDS,
    )
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    base = f"http://{settings.http_host}:{http_port}"
    try:
        yield RunningService(
            name=settings.service_name,
            http_url=base,
            graphql_url=f"{base}/graphql",
            grpc_target=f"{settings.grpc_host}:{grpc_server.port}",
        )
    finally:
        server.should_exit = True
        await task
        sock.close()
        await grpc_server.stop()
        for hook in reversed(service.on_stop):
            await hook()
        if isinstance(service.graphql, GraphQLApp):
            await service.graphql.aclose()


async def serve(service: ServiceApp | Callable[[], ServiceApp]) -> None:
    """Run one service until SIGINT or SIGTERM (what `python -m subgraphs.<name>` does).

    Pass a factory (`functools.partial(create_app, settings)`) so that clients bound to the
    event loop, such as gRPC aio channels, are created inside the loop that serves them.
    """
    if not isinstance(service, ServiceApp):
        service = service()
    enable_asyncio()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running(service) as addresses:
        log.info(
            "service started",
            graphql=addresses.graphql_url,
            grpc=addresses.grpc_target,
        )
        await stop.wait()
    log.info("service stopped")


def serve_or_migrate(
    service: str,
    settings: Callable[[], SettingsT],
    create_app: Callable[[SettingsT], ServiceApp],
    migrate: Callable[[SettingsT], Coroutine[Any, Any, None]],
    argv: list[str] | None = None,
) -> int:
    """`python -m subgraphs.<service> [serve|migrate]` (serve is the default): the whole
    command line of a service that has no other command."""
    parser = argparse.ArgumentParser(
        prog=f"python -m subgraphs.{service}",
        description=f"Serve the {service} service, or apply its migrations.",
    )
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    loaded = settings()
    init_observability(loaded)
    if args.command == "migrate":
        asyncio.run(migrate(loaded))
    else:
        asyncio.run(serve(functools.partial(create_app, loaded)))
    return 0


def init_observability(settings: ServiceSettings) -> None:
    """Logs (ECS JSON, LOG_FILE), the graveyard (SENTRY_DSN) and traces
    (OTEL_EXPORTER_OTLP_ENDPOINT) of a service process, before anything else runs."""
    configure_logging(
        settings.service_name,
        level=settings.log_level,
        json=settings.log_json,
        file=settings.log_file or None,
    )
    init_graveyard(
        settings.sentry_dsn, service=settings.service_name, environment=settings.environment
    )
    init_tracing(settings.service_name, environment=settings.environment)

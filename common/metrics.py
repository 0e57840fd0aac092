"""Prometheus metrics every service exposes at `/metrics`: HTTP requests by route and status,
their duration, and requests in flight. The same middleware writes the access log: one
`http request` line per request but health checks and scrapes (with the request's track id,
so `python -m indefinite.logs --track-id` finds every service a request went through).
Metrics are process-wide (one service per process in production; tests that run several share
them, told apart by the `service` label). With several worker processes (common.workers:
PROMETHEUS_MULTIPROC_DIR set) every worker writes its values to that directory and `/metrics`,
whichever worker answers, sums them (`render`)."""

from __future__ import annotations

import os
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.logging import get_logger

access_log = get_logger("access")
_QUIET = frozenset({"/healthz", "/readyz"})

HTTP_REQUESTS = Counter(
    "indefinite_http_requests_total", "HTTP requests served", ["service", "path", "status"]
)
HTTP_DURATION = Histogram(
    "indefinite_http_request_duration_seconds", "HTTP request duration", ["service", "path"]
)
HTTP_IN_FLIGHT = Gauge(
    "indefinite_http_requests_in_flight",
    "HTTP requests in flight",
    ["service"],
    multiprocess_mode="livesum",
)
GRPC_REQUESTS = Counter(
    "indefinite_grpc_requests_total", "gRPC calls served", ["service", "method", "code"]
)


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        path = scope["path"] if scope["path"] in ("/graphql", "/healthz", "/readyz") else "other"
        status = 500
        started = time.perf_counter()

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        in_flight = HTTP_IN_FLIGHT.labels(self.service)
        in_flight.inc()
        try:
            await self.app(scope, receive, record_status)
        finally:
            in_flight.dec()
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS.labels(self.service, path, str(status)).inc()
            HTTP_DURATION.labels(self.service, path).observe(elapsed)
            if path not in _QUIET:
                access_log.info(
                    "http request",
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )


def render(registry: CollectorRegistry | None = None) -> bytes:
    """The exposition of `registry` (the default one), or of every worker's values when this
    process is one of several (PROMETHEUS_MULTIPROC_DIR)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
        return generate_latest(merged)
    return generate_latest(registry) if registry is not None else generate_latest()


async def metrics_endpoint(_request: Request) -> Response:
    return Response(render(), media_type=CONTENT_TYPE_LATEST)

"""Prometheus metrics every service exposes at `/metrics`: HTTP requests by route and status,
their duration, and requests in flight. The same middleware writes the access log: one
`http request` line per request but health checks and scrapes (with the request's track id,
so `python -m indefinite.logs --track-id` finds every service a request went through).
Metrics are process-wide (one service per process in production; tests that run several share
them, told apart by the `service` label)."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
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
HTTP_IN_FLIGHT = Gauge("indefinite_http_requests_in_flight", "HTTP requests in flight", ["service"])
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


async def metrics_endpoint(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

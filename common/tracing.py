"""Traces: OpenTelemetry across router -> subgraphs -> gRPC -> Kafka, one trace per request.

Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: then
`init_tracing` installs a tracer provider that batches spans to that OTLP/HTTP endpoint
(`OTEL_*` variables configure the exporter and sampler the standard way), and the edges below
start spans and carry the W3C `traceparent`:

- HTTP servers: `asgi_middleware` (the router's app and every service's `ServiceApp`);
- HTTP clients: aiohttp (the router's subgraph fetcher) through its instrumentor;
- gRPC: `grpc_server_interceptors` / `grpc_client_interceptors` (common.grpc);
- Kafka: the outbox keeps the writer's `traceparent` with the row (`outbox_trace_context`),
  the relay sends it as a record header, and the consumer runs its handler in a CONSUMER span
  whose parent is that header (`consumer_span`).

Without an endpoint nothing is installed and these helpers return no middleware/interceptors,
so the request path costs nothing; log lines still carry `trace.id` when a span is in hand.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.trace import SpanKind

__all__ = [
    "TRACEPARENT",
    "asgi_middleware",
    "consumer_span",
    "current_traceparent",
    "grpc_client_interceptors",
    "grpc_server_interceptors",
    "init_tracing",
    "tracing_enabled",
]

TRACEPARENT = "traceparent"
_EXCLUDED_URLS = "healthz,readyz,metrics"
_enabled = False


def tracing_enabled() -> bool:
    return _enabled


def otlp_endpoint() -> str | None:
    return os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )


def init_tracing(service: str, *, environment: str = "development") -> bool:
    """Install the tracer provider and client instrumentation when an endpoint is set."""
    global _enabled
    if _enabled or not otlp_endpoint():
        return _enabled
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create(
        {"service.name": service, "deployment.environment.name": environment}
    )
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    AioHttpClientInstrumentor().instrument(tracer_provider=provider)
    _enabled = True
    return True


def shutdown_tracing() -> None:
    """Flush what is batched (the provider also does it at interpreter exit)."""
    provider = trace.get_tracer_provider()
    flush = getattr(provider, "force_flush", None)
    if flush is not None:
        flush()


def asgi_middleware() -> list[Any]:
    """Starlette `Middleware` entries for a server span per request (none when off)."""
    if not _enabled:
        return []
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from starlette.middleware import Middleware

    return [
        Middleware(
            OpenTelemetryMiddleware,
            excluded_urls=_EXCLUDED_URLS,
            exclude_spans=["receive", "send"],
        )
    ]


def grpc_server_interceptors() -> list[Any]:
    if not _enabled:
        return []
    from opentelemetry.instrumentation.grpc import aio_server_interceptor

    return [aio_server_interceptor()]  # type: ignore[no-untyped-call]


def grpc_client_interceptors() -> list[Any]:
    if not _enabled:
        return []
    from opentelemetry.instrumentation.grpc import aio_client_interceptors

    return list(aio_client_interceptors())  # type: ignore[no-untyped-call]


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the span in hand (what the outbox keeps), if any."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get(TRACEPARENT)


@contextlib.contextmanager
def consumer_span(
    name: str, headers: Mapping[str, bytes], attributes: Mapping[str, Any]
) -> Iterator[None]:
    """Run a Kafka handler inside a CONSUMER span continuing the producer's trace."""
    if not _enabled:
        yield
        return
    carrier = {k: v.decode("latin-1") for k, v in headers.items() if k == TRACEPARENT}
    parent = propagate.extract(carrier)
    token = context.attach(parent)
    try:
        tracer = trace.get_tracer("indefinite.events")
        with tracer.start_as_current_span(
            name, kind=SpanKind.CONSUMER, attributes=dict(attributes)
        ):
            yield
    finally:
        context.detach(token)

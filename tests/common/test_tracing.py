"""Trace context through the outbox: the writer's `traceparent` rides with the stored row, the
relay reads it for the record header, and the envelope consumers get is the contract's."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from opentelemetry.sdk.trace import TracerProvider

from common.outbox import TRACEPARENT_KEY, envelope, stored_traceparent
from common.tracing import (
    asgi_middleware,
    consumer_span,
    current_traceparent,
    grpc_client_interceptors,
    tracing_enabled,
)


def _row(payload: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(
        id=uuid.uuid4(),
        type="PostCreated",
        occurred_at=dt.datetime.now(dt.UTC),
        track_id="track-00000001",
        payload=payload,
    )


def test_traceparent_of_the_span_in_hand() -> None:
    assert current_traceparent() is None
    with TracerProvider().get_tracer("t").start_as_current_span("write") as span:
        context = span.get_span_context()
        assert current_traceparent() == (
            f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
        )


def test_the_envelope_leaves_the_stored_traceparent_out() -> None:
    traceparent = f"00-{'a' * 32}-{'b' * 16}-01"
    row = _row({"id": "p1", TRACEPARENT_KEY: traceparent})
    assert stored_traceparent(row) == traceparent
    assert envelope(row)["payload"] == {"id": "p1"}
    plain = _row({"id": "p2"})
    assert stored_traceparent(plain) is None
    assert envelope(plain)["payload"] is plain.payload  # untouched when nothing was kept


def test_off_without_an_endpoint_nothing_is_installed() -> None:
    assert not tracing_enabled()  # the test run sets no OTEL_EXPORTER_OTLP_ENDPOINT
    assert asgi_middleware() == []
    assert grpc_client_interceptors() == []
    with consumer_span("posts.post.v1 process", {"traceparent": b"00-x"}, {}):
        assert current_traceparent() is None

"""A local OTLP/HTTP trace receiver: what `OTEL_EXPORTER_OTLP_ENDPOINT` points the services
at in tests. It decodes each `POST /v1/traces` (protobuf `ExportTraceServiceRequest`) into
flat `Span` records.

    with OtlpReceiver() as receiver:
        run_something(OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint)
        spans = receiver.trace(trace_id)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from tests.support.http_sink import HttpSink

__all__ = ["OtlpReceiver", "Span"]


@dataclass(frozen=True)
class Span:
    service: str
    name: str
    kind: int  # opentelemetry.proto.trace.v1.Span.SpanKind: 2 server, 3 client, 5 consumer
    trace_id: str
    span_id: str
    parent_span_id: str


class OtlpReceiver(HttpSink):
    content_type = "application/x-protobuf"

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Span] = []
        self._lock = threading.Lock()
        self.endpoint = self.url

    def receive(self, path: str, body: bytes) -> bytes:
        if path == "/v1/traces":
            self._receive(body)
        return ExportTraceServiceResponse().SerializeToString()

    def _receive(self, body: bytes) -> None:
        request = ExportTraceServiceRequest.FromString(body)
        found: list[Span] = []
        for resource_spans in request.resource_spans:
            service = next(
                (
                    a.value.string_value
                    for a in resource_spans.resource.attributes
                    if a.key == "service.name"
                ),
                "?",
            )
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(
                        Span(
                            service=service,
                            name=span.name,
                            kind=span.kind,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_span_id=span.parent_span_id.hex(),
                        )
                    )
        with self._lock:
            self.spans.extend(found)

    def trace(self, trace_id: str) -> list[Span]:
        with self._lock:
            return [s for s in self.spans if s.trace_id == trace_id]

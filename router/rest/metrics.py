"""REST requests in the router's Prometheus registry, labelled by route template.

The ``route`` label is the table's template (``/posts/{uuid}``), never the requested path, and
``unmatched`` for a path no route serves; ``method`` is one of the HTTP methods or ``OTHER``;
``status`` is the answer's. Every label comes from a bounded set, whatever clients send.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from router.metrics import LATENCY_BUCKETS

__all__ = ["UNMATCHED", "RestMetrics"]

UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "router_rest_requests",
            "REST requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "router_rest_request_duration_seconds",
            "Time spent answering a REST request.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        method = method if method in _METHODS else "OTHER"
        self.requests.labels(route, method, str(status)).inc()
        self.duration.labels(route, method).observe(seconds)

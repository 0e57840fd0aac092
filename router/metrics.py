"""Prometheus metrics for the router, in a private registry per app (tests build many apps).

Operation names come from clients, so the label is capped: after ``max_operation_names`` distinct
names every new one is counted as ``"__other__"`` to keep series cardinality bounded.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from router.http.engine import Fetcher

__all__ = ["CONTENT_TYPE_LATEST", "MeteredFetcher", "RouterMetrics"]

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class RouterMetrics:
    def __init__(self, *, max_operation_names: int = 500) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._names: set[str] = set()
        self._max_names = max_operation_names
        self._children: dict[tuple[str | None, str | None, bool], tuple[Counter, Histogram]] = {}
        r = self.registry
        self.requests = Counter(
            "router_requests",
            "GraphQL requests handled, by operation and whether the response had errors.",
            ["operation_name", "operation_type", "has_errors"],
            registry=r,
        )
        self.request_duration = Histogram(
            "router_request_duration_seconds",
            "Time spent answering a GraphQL request.",
            ["operation_name", "operation_type"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge(
            "router_requests_in_flight", "GraphQL requests being answered.", registry=r
        )
        self.subgraph_duration = Histogram(
            "router_subgraph_fetch_duration_seconds",
            "Time spent in one subgraph fetch.",
            ["subgraph"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.subgraph_errors = Counter(
            "router_subgraph_fetch_errors",
            "Subgraph fetches that failed (transport) or answered with GraphQL errors.",
            ["subgraph", "kind"],
            registry=r,
        )
        self.plan_cache = Counter(
            "router_plan_cache", "Query plan cache lookups.", ["result"], registry=r
        )

    def operation_label(self, name: str | None) -> str:
        if not name:
            return ""
        if name in self._names:
            return name
        if len(self._names) >= self._max_names:
            return "__other__"
        self._names.add(name)
        return name

    def observe_request(
        self, name: str | None, op_type: str | None, seconds: float, has_errors: bool
    ) -> None:
        key = (name, op_type, has_errors)
        children = self._children.get(key)
        if children is None:
            # Label lookups take a lock and build tuples; resolve each combination once.
            label = self.operation_label(name)
            kind = op_type or ""
            children = (
                self.requests.labels(label, kind, "true" if has_errors else "false"),
                self.request_duration.labels(label, kind),
            )
            if len(self._children) < 4 * self._max_names:
                self._children[key] = children
        children[0].inc()
        children[1].observe(seconds)

    def on_plan_cache(self, hit: bool) -> None:
        self.plan_cache.labels("hit" if hit else "miss").inc()

    def wrap_fetcher(self, fetcher: Fetcher) -> Fetcher:
        return MeteredFetcher(fetcher, self)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MeteredFetcher:
    """A ``SubgraphFetcher`` that times and counts each fetch of the wrapped one."""

    __slots__ = ("_durations", "_inner", "_metrics")

    def __init__(self, inner: Fetcher, metrics: RouterMetrics) -> None:
        self._inner = inner
        self._metrics = metrics
        self._durations: dict[str, Any] = {}  # subgraph -> its histogram child (labels() locks)

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        start = time.perf_counter()
        try:
            result = await self._inner.fetch(subgraph, body, headers)
        except Exception:
            self._metrics.subgraph_errors.labels(subgraph, "transport").inc()
            raise
        finally:
            child = self._durations.get(subgraph)
            if child is None:
                child = self._metrics.subgraph_duration.labels(subgraph)
                if len(self._durations) < 1000:
                    self._durations[subgraph] = child
            child.observe(time.perf_counter() - start)
        if result.get("errors"):
            self._metrics.subgraph_errors.labels(subgraph, "graphql").inc()
        return result

    def __getattr__(self, name: str) -> Any:
        # Let the pipeline reach e.g. ``aclose`` on the real fetcher.
        return getattr(self._inner, name)

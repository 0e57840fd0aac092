"""Prometheus metrics for the router, in a private registry per app (tests build many apps).

Operation names come from clients, and each label value costs about 19 series, so the label is
bounded twice: a request's operation name is used only once its operation passed validation
(anything else is ``other``: a client cannot invent names in documents that fail), and only the
first ``max_operation_names`` distinct names keep theirs (``BoundedLabel``, reusable for any
label a client influences).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from common.metrics import render
from router.executor.fetcher import SubgraphFetcher

__all__ = [
    "CONTENT_TYPE_LATEST",
    "LATENCY_BUCKETS",
    "OTHER",
    "BoundedLabel",
    "MeteredFetcher",
    "RouterMetrics",
]

OTHER = "other"
"""The label value of everything not named: unvalidated operations, names past the cap."""

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class BoundedLabel:
    """Values of one label, bounded: the first ``limit`` distinct values keep their own series,
    later ones share ``other``. Not thread-safe (the event loop is the only caller)."""

    __slots__ = ("_limit", "_other", "_seen")

    def __init__(self, limit: int, *, other: str = OTHER) -> None:
        self._limit = limit
        self._other = other
        self._seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if value in self._seen:
            return value
        if len(self._seen) >= self._limit:
            return self._other
        self._seen.add(value)
        return value


class RouterMetrics:
    def __init__(self, *, max_operation_names: int = 200) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._names = BoundedLabel(max_operation_names)
        self._max_names = max_operation_names
        self._children: dict[
            tuple[str | None, str | None, bool, bool], tuple[Counter, Histogram]
        ] = {}
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
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge(
            "router_requests_in_flight",
            "GraphQL requests being answered.",
            registry=r,
            multiprocess_mode="livesum",  # several workers (common.workers): their sum
        )
        self.subgraph_duration = Histogram(
            "router_subgraph_fetch_duration_seconds",
            "Time spent in one subgraph fetch.",
            ["subgraph"],
            buckets=LATENCY_BUCKETS,
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

    def operation_label(self, name: str | None, *, validated: bool = True) -> str:
        """``""`` for an anonymous valid operation, its name while under the cap, else other."""
        if not validated:
            return OTHER
        return self._names(name) if name else ""

    def observe_request(
        self,
        name: str | None,
        op_type: str | None,
        seconds: float,
        has_errors: bool,
        *,
        validated: bool,
    ) -> None:
        """Count one request; ``validated``: its operation passed validation (else its name,
        the client's choice, is not used)."""
        if not validated:
            name = op_type = None
        key = (name, op_type, has_errors, validated)
        children = self._children.get(key)
        if children is None:
            # Label lookups take a lock and build tuples; resolve each combination once.
            label = self.operation_label(name, validated=validated)
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

    def wrap_fetcher(self, fetcher: SubgraphFetcher) -> SubgraphFetcher:
        return MeteredFetcher(fetcher, self)

    def render(self) -> bytes:
        """This registry, or every worker's values when the router runs several."""
        return render(self.registry)


class MeteredFetcher:
    """A ``SubgraphFetcher`` that times and counts each fetch of the wrapped one."""

    __slots__ = ("_durations", "_inner", "_metrics")

    def __init__(self, inner: SubgraphFetcher, metrics: RouterMetrics) -> None:
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

    async def aclose(self) -> None:
        await self._inner.aclose()

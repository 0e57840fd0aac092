"""The metrics wrapper around the subgraph fetcher."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from router.metrics import BoundedLabel, RouterMetrics


class Fetcher:
    def __init__(self) -> None:
        self.closed = False

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        if subgraph == "down":
            raise ConnectionError("refused")
        if subgraph == "sad":
            return {"data": None, "errors": [{"message": "no"}]}
        return {"data": {"ok": True, "seen": dict(headers)}}

    async def aclose(self) -> None:
        self.closed = True


def _value(metrics: RouterMetrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    assert value is not None, (name, labels)
    return value


async def test_fetches_are_timed_and_errors_counted() -> None:
    metrics = RouterMetrics()
    inner = Fetcher()
    fetcher = metrics.wrap_fetcher(inner)
    result = await fetcher.fetch("posts", {"query": "{a}"}, {"x-track-id": "t-000001"})
    assert result["data"]["seen"] == {"x-track-id": "t-000001"}
    await fetcher.fetch("sad", {}, {})
    with pytest.raises(ConnectionError):
        await fetcher.fetch("down", {}, {})
    assert _value(metrics, "router_subgraph_fetch_duration_seconds_count", subgraph="posts") == 1
    assert _value(metrics, "router_subgraph_fetch_duration_seconds_count", subgraph="down") == 1
    assert (
        _value(metrics, "router_subgraph_fetch_errors_total", subgraph="sad", kind="graphql") == 1
    )
    assert (
        _value(metrics, "router_subgraph_fetch_errors_total", subgraph="down", kind="transport")
        == 1
    )
    await fetcher.aclose()
    assert inner.closed


def test_operation_name_label_is_bounded() -> None:
    metrics = RouterMetrics(max_operation_names=2)
    assert metrics.operation_label("A") == "A"
    assert metrics.operation_label("B") == "B"
    assert metrics.operation_label("C") == "other"
    assert metrics.operation_label("A") == "A"
    assert metrics.operation_label(None) == ""
    assert metrics.operation_label("A", validated=False) == "other"


def test_bounded_label_is_reusable_for_any_client_influenced_label() -> None:
    label = BoundedLabel(1, other="(other)")
    assert [label(v) for v in ("/posts/{id}", "/users", "/posts/{id}")] == [
        "/posts/{id}",
        "(other)",
        "/posts/{id}",
    ]

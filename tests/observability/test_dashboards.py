"""Grafana dashboards: the JSON files are what `indefinite.dashboards` renders (not stale),
and every panel's query names only metrics the code exports (or recording rules)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from indefinite.dashboards import DASHBOARDS, main
from tests.observability.catalog import (
    OBSERVABILITY,
    exported_metrics,
    metric_names,
    recorded_names,
)

FILES = sorted((OBSERVABILITY / "grafana").glob("*.json"))


def test_json_files_are_fresh() -> None:
    assert main(["--check"]) == 0, "run python -m indefinite.dashboards"
    assert len(FILES) == len(DASHBOARDS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_query_names_exported_metrics(path: Path) -> None:
    known = exported_metrics() | recorded_names()
    dashboard = orjson.loads(path.read_bytes())
    queries = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    queries += [
        v["query"]["query"].removeprefix("label_values(").split(",")[0]
        for v in dashboard["templating"]["list"]
        if v["type"] == "query"
    ]
    assert queries
    unknown = {q: metric_names(q) - known for q in queries if metric_names(q) - known}
    assert not unknown, f"{path.name} queries metrics nothing exports: {unknown}"
    for query in queries:
        assert metric_names(query), f"no metric in {query!r}"

"""What the code exports to Prometheus, and which metric names a PromQL expression uses: the
rules and the dashboards may name only metrics the code exports (or recording rules)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.metrics_core import Metric

# Imported for what they register in the default registry (the services' /metrics).
import common.db
import common.events.metrics
import common.metrics  # noqa: F401
import subgraphs.notifications.metrics  # noqa: F401
from router.edge.sessions import SessionReporter
from router.metrics import RouterMetrics
from router.rest.metrics import RestMetrics
from router.settings import SessionsSettings

__all__ = ["OBSERVABILITY", "exported_metrics", "metric_names", "recorded_names"]

OBSERVABILITY = Path(__file__).resolve().parents[2] / "charts/indefinite/files/observability"
#: Series Prometheus makes itself for every scrape target.
SCRAPE_SERIES = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
    "gauge": ("",),
    "info": ("_info",),
}
_KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless"}
    | {"bool", "offset", "inf", "nan"}
)
_MATCHERS = re.compile(r"\{[^{}]*\}")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_RANGES = re.compile(r"\[[^\]]*\]")
_STRINGS = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_NAME = re.compile(r"(?<![\w:.$])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()")


def _sample_names(family: Metric) -> set[str]:
    return {family.name + suffix for suffix in _SUFFIXES.get(family.type, ("",))} | {
        sample.name for sample in family.samples
    }


def exported_metrics() -> set[str]:
    """Every sample name the services, the workers and the router can expose."""
    router = RouterMetrics()
    RestMetrics(router.registry)
    sessions = CollectorRegistry()
    SessionReporter(SessionsSettings(grpc_target="127.0.0.1:1"), registry=sessions)
    names: set[str] = set(SCRAPE_SERIES)
    for registry in (REGISTRY, router.registry, sessions):
        for family in registry.collect():
            names |= _sample_names(family)
    return names


def metric_names(expr: str) -> set[str]:
    """The metric (and recording rule) names a PromQL expression reads."""
    text = _STRINGS.sub("", expr)
    while _MATCHERS.search(text):
        text = _MATCHERS.sub(" ", text)
    text = _GROUPING.sub(" ", _RANGES.sub(" ", text))
    return {
        name
        for name in _NAME.findall(text)
        if name.lower() not in _KEYWORDS and not re.fullmatch(r"[\d.e+-]+", name)
    }


def recorded_names() -> set[str]:
    """The names the recording rules of every `*.rules.yml` define."""
    names: set[str] = set()
    for path in (OBSERVABILITY / "prometheus").glob("*.rules.yml"):
        for group in yaml.safe_load(path.read_text())["groups"]:
            names |= {rule["record"] for rule in group["rules"] if "record" in rule}
    return names

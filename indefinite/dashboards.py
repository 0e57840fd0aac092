"""`python -m indefinite.dashboards [--check]`: the Grafana dashboards, as code.

Each dashboard is a list of (title, PromQL, unit) panels written here once; this module renders
them to Grafana's dashboard JSON in `charts/indefinite/files/observability/grafana/`, which the
chart (ConfigMaps) and compose provision. `--check` fails when the JSON files are stale (CI
runs it through tests/observability/test_dashboards.py, which also checks that every query
names only metrics the code exports). Plain dicts rather than grafana-foundation-sdk: five
dashboards of timeseries panels need no more than the JSON model, and no extra dependency.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

__all__ = ["DASHBOARDS", "Dashboard", "Panel", "main", "render"]

OUT = Path(__file__).resolve().parent.parent / "charts/indefinite/files/observability/grafana"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
RATE = "$__rate_interval"


@dataclass(frozen=True)
class Panel:
    title: str
    queries: tuple[str, ...]  # PromQL; the legend comes from the labels
    unit: str = "short"
    legend: str = ""


@dataclass(frozen=True)
class Dashboard:
    uid: str
    title: str
    panels: tuple[Panel, ...]
    variables: tuple[tuple[str, str], ...] = ()  # (name, label_values query)


def _p99(metric: str, by: str = "", selector: str = "") -> str:
    group = f"{by}, le" if by else "le"
    return f"histogram_quantile(0.99, sum by ({group}) (rate({metric}{selector}[{RATE}])))"


ROUTER = Dashboard(
    "indefinite-router",
    "Router overview",
    (
        Panel("Requests / s", (f"sum(rate(router_requests_total[{RATE}]))",), "reqps"),
        Panel(
            "Error ratio (SLO 99.5 %)",
            (
                f'sum(rate(router_requests_total{{has_errors="true"}}[{RATE}]))'
                f" / sum(rate(router_requests_total[{RATE}]))",
            ),
            "percentunit",
        ),
        Panel("p99 latency (SLO 1 s)", (_p99("router_request_duration_seconds_bucket"),), "s"),
        Panel("In flight", ("sum(router_requests_in_flight)",)),
        Panel(
            "Top operations / s",
            (f"topk(10, sum by (operation_name) (rate(router_requests_total[{RATE}])))",),
            "reqps",
            "{{operation_name}}",
        ),
        Panel(
            "p99 by operation",
            (_p99("router_request_duration_seconds_bucket", "operation_name"),),
            "s",
            "{{operation_name}}",
        ),
        Panel(
            "Subgraph fetch p99",
            (_p99("router_subgraph_fetch_duration_seconds_bucket", "subgraph"),),
            "s",
            "{{subgraph}}",
        ),
        Panel(
            "Subgraph fetch errors / s",
            (f"sum by (subgraph, kind) (rate(router_subgraph_fetch_errors_total[{RATE}]))",),
            "reqps",
            "{{subgraph}} {{kind}}",
        ),
        Panel(
            "Plan cache hit ratio",
            (
                f'sum(rate(router_plan_cache_total{{result="hit"}}[{RATE}]))'
                f" / sum(rate(router_plan_cache_total[{RATE}]))",
            ),
            "percentunit",
        ),
        Panel(
            "REST requests / s",
            (f"sum by (route, status) (rate(router_rest_requests_total[{RATE}]))",),
            "reqps",
            "{{route}} {{status}}",
        ),
    ),
)

SERVICE = '{service="$service"}'
DATABASE = '{database="indefinite_$service"}'
SUBGRAPH = Dashboard(
    "indefinite-subgraph",
    "Subgraph",
    (
        Panel("Up", ('up{job="indefinite-$service"}',)),
        Panel(
            "Requests / s by status",
            (f"sum by (status) (rate(indefinite_http_requests_total{SERVICE}[{RATE}]))",),
            "reqps",
            "{{status}}",
        ),
        Panel(
            "5xx ratio",
            (
                f'sum(rate(indefinite_http_requests_total{{service="$service",status=~"5.."}}'
                f"[{RATE}])) / sum(rate(indefinite_http_requests_total{SERVICE}[{RATE}]))",
            ),
            "percentunit",
        ),
        Panel(
            "p99 latency",
            (_p99("indefinite_http_request_duration_seconds_bucket", "path", SERVICE),),
            "s",
            "{{path}}",
        ),
        Panel("In flight", (f"sum(indefinite_http_requests_in_flight{SERVICE})",)),
        Panel(
            "gRPC calls / s",
            (f"sum by (method, code) (rate(indefinite_grpc_requests_total{SERVICE}[{RATE}]))",),
            "reqps",
            "{{method}} {{code}}",
        ),
        Panel(
            "DB pool saturation",
            (
                f"sum by (database) (indefinite_db_pool_connections_in_use{DATABASE})"
                f" / sum by (database) (indefinite_db_pool_connections_capacity{DATABASE})",
            ),
            "percentunit",
        ),
        Panel(
            "Outbox backlog",
            (f"sum(indefinite_outbox_unpublished{SERVICE})",),
        ),
    ),
    variables=(("service", "label_values(indefinite_http_requests_total, service)"),),
)

EVENTS = Dashboard(
    "indefinite-events",
    "Events pipeline",
    (
        Panel(
            "Outbox backlog",
            ("sum by (service) (indefinite_outbox_unpublished)",),
            legend="{{service}}",
        ),
        Panel(
            "Oldest unpublished outbox row",
            ("max by (service) (indefinite_outbox_oldest_unpublished_age_seconds)",),
            "s",
            "{{service}}",
        ),
        Panel(
            "Published / s",
            (f"sum by (topic) (rate(indefinite_outbox_published_total[{RATE}]))",),
            "ops",
            "{{topic}}",
        ),
        Panel(
            "Publish failures / s",
            (f"sum by (service) (rate(indefinite_outbox_publish_failures_total[{RATE}]))",),
            "ops",
            "{{service}}",
        ),
        Panel(
            "Outbox publish delay p99",
            (_p99("indefinite_outbox_publish_delay_seconds_bucket", "service"),),
            "s",
            "{{service}}",
        ),
        Panel(
            "Consumer lag",
            ("sum by (group, topic) (indefinite_events_consumer_lag)",),
            legend="{{group}} {{topic}}",
        ),
        Panel(
            "Consumed / s by outcome",
            (f"sum by (group, outcome) (rate(indefinite_events_consumed_total[{RATE}]))",),
            "ops",
            "{{group}} {{outcome}}",
        ),
        Panel(
            "Handler errors / s",
            (f"sum by (group, topic) (rate(indefinite_events_handler_errors_total[{RATE}]))",),
            "ops",
            "{{group}} {{topic}}",
        ),
        Panel(
            "Event end-to-end p99 (occurred -> handled)",
            (_p99("indefinite_events_end_to_end_seconds_bucket", "group"),),
            "s",
            "{{group}}",
        ),
    ),
)

FEED_GROUP = '{group="feed"}'
FEED = Dashboard(
    "indefinite-feed",
    "Feed",
    (
        Panel(
            "Publish-to-visible latency",
            tuple(
                f"histogram_quantile({q}, sum by (le) "
                f"(rate(indefinite_events_end_to_end_seconds_bucket{FEED_GROUP}[{RATE}])))"
                for q in ("0.5", "0.95", "0.99")
            ),
            "s",
        ),
        Panel(
            "Feed consumer lag",
            (f"sum by (topic) (indefinite_events_consumer_lag{FEED_GROUP})",),
            legend="{{topic}}",
        ),
        Panel(
            "Events handled / s",
            (
                "sum by (topic, outcome) "
                f"(rate(indefinite_events_consumed_total{FEED_GROUP}[{RATE}]))",
            ),
            "ops",
            "{{topic}} {{outcome}}",
        ),
        Panel(
            "Handler time p99",
            (_p99("indefinite_events_handle_seconds_bucket", "topic", FEED_GROUP),),
            "s",
            "{{topic}}",
        ),
        Panel(
            "Feed reads p99",
            (_p99("indefinite_http_request_duration_seconds_bucket", "", '{service="feed"}'),),
            "s",
        ),
    ),
)

NOTIFICATIONS = Dashboard(
    "indefinite-notifications",
    "Notifications",
    (
        Panel(
            "Deliveries / s by outcome",
            (
                "sum by (channel, outcome) "
                f"(rate(indefinite_notifications_deliveries_total[{RATE}]))",
            ),
            "ops",
            "{{channel}} {{outcome}}",
        ),
        Panel(
            "Email failure ratio",
            (
                'sum(rate(indefinite_notifications_deliveries_total{channel="EMAIL",'
                f'outcome=~"failed|dead|retry"}}[{RATE}])) / sum(rate('
                f'indefinite_notifications_deliveries_total{{channel="EMAIL"}}[{RATE}]))',
            ),
            "percentunit",
        ),
        Panel(
            "Source event -> delivered p99",
            (_p99("indefinite_notifications_delivery_seconds_bucket", "channel"),),
            "s",
            "{{channel}}",
        ),
        Panel(
            "Send call p99",
            (_p99("indefinite_notifications_send_seconds_bucket", "channel"),),
            "s",
            "{{channel}}",
        ),
        Panel("Due deliveries", ("sum(indefinite_notifications_queue_due)",)),
        Panel("Oldest due delivery", ("max(indefinite_notifications_queue_oldest_seconds)",), "s"),
        Panel(
            "Request consumer lag",
            ("sum by (topic) (indefinite_notifications_consumer_lag)",),
            legend="{{topic}}",
        ),
    ),
)

DASHBOARDS = (ROUTER, SUBGRAPH, EVENTS, FEED, NOTIFICATIONS)


def _panel(panel: Panel, index: int) -> dict[str, Any]:
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": panel.title,
        "datasource": DATASOURCE,
        "gridPos": {"h": 8, "w": 12, "x": 12 * (index % 2), "y": 8 * (index // 2)},
        "fieldConfig": {"defaults": {"unit": panel.unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
        "targets": [
            {
                "refId": chr(ord("A") + n),
                "datasource": DATASOURCE,
                "expr": query,
                "legendFormat": panel.legend or "__auto",
            }
            for n, query in enumerate(panel.queries)
        ],
    }


def render(dashboard: Dashboard) -> dict[str, Any]:
    """Grafana's dashboard JSON model (schemaVersion 39) of one dashboard."""
    variables: list[dict[str, Any]] = [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source"}
    ]
    for name, query in dashboard.variables:
        variables.append(
            {
                "name": name,
                "type": "query",
                "datasource": DATASOURCE,
                "query": {"query": query, "refId": name},
                "refresh": 2,
                "sort": 1,
            }
        )
    return {
        "uid": dashboard.uid,
        "title": dashboard.title,
        "tags": ["indefinite"],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-3h", "to": "now"},
        "templating": {"list": variables},
        "panels": [_panel(panel, i) for i, panel in enumerate(dashboard.panels)],
    }


def _file(dashboard: Dashboard) -> tuple[Path, bytes]:
    name = dashboard.uid.removeprefix("indefinite-")
    body = orjson.dumps(render(dashboard), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    return OUT / f"{name}.json", body + b"\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indefinite.dashboards", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the JSON files are stale")
    args = parser.parse_args(argv)
    stale = []
    for dashboard in DASHBOARDS:
        path, body = _file(dashboard)
        if args.check:
            if not path.exists() or path.read_bytes() != body:
                stale.append(path.name)
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
    if stale:
        print(f"stale dashboards {stale}: run python -m indefinite.dashboards", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

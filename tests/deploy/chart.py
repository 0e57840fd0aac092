"""Render charts/indefinite offline with Helm's own engine (helm-python-sdk binds Helm v4's Go
SDK: no `helm` binary, no cluster) and look objects up in the result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from helm_python import Chart

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "indefinite"
PRODUCTION_VALUES = CHART / "ci" / "production-values.yaml"
RELEASE = "demo"
NAMESPACE = "indefinite"
FULLNAME = f"{RELEASE}-indefinite"
SUBGRAPHS = (
    "auth",
    "profiles",
    "posts",
    "feed",
    "sessions",
    "media",
    "subscriptions",
    "notifications",
)
DATABASES = ("auth", "profiles", "posts", "media", "subscriptions", "notifications")
#: Kinds whose schemas come with an operator (Prometheus Operator, CloudNativePG, Strimzi).
CUSTOM_KINDS = frozenset(
    {"ServiceMonitor", "PrometheusRule", "Cluster", "Kafka", "KafkaNodePool", "KafkaTopic"}
)

Manifest = dict[str, Any]


def production_values() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load(PRODUCTION_VALUES.read_text(encoding="utf-8"))
    return values


def render(values: dict[str, Any] | None = None, chart: Path = CHART) -> list[Manifest]:
    """Every object of the release, hooks and tests included."""
    rendered = Chart.load(chart).render(values or {}, name=RELEASE, namespace=NAMESPACE)
    return [
        doc
        for path, text in rendered.items()
        if not path.endswith("NOTES.txt")
        for doc in yaml.safe_load_all(text)
        if isinstance(doc, dict)
    ]


CLUSTER_SCOPED = frozenset({"ClusterRole", "ClusterRoleBinding"})


def write(manifests: list[Manifest], path: Path) -> None:
    """The manifests as `helm install --namespace` applies them (namespaced objects in it)."""
    placed = [
        m
        if m["kind"] in CLUSTER_SCOPED
        else {**m, "metadata": {"namespace": NAMESPACE, **m["metadata"]}}
        for m in manifests
    ]
    path.write_text(yaml.safe_dump_all(placed, sort_keys=False), encoding="utf-8")


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def named(manifests: list[Manifest], kind: str, component: str) -> Manifest:
    name = f"{FULLNAME}-{component}"
    found = [m for m in of_kind(manifests, kind) if m["metadata"]["name"] == name]
    assert found, f"no {kind} {name}"
    return found[0]


def component(manifest: Manifest) -> str:
    labels: dict[str, str] = manifest["metadata"].get("labels", {})
    return labels.get("app.kubernetes.io/component", "")


def containers(manifest: Manifest) -> Iterator[Manifest]:
    spec = manifest["spec"]
    pod = spec["template"]["spec"] if "template" in spec else spec
    yield from pod["containers"]


def pod_spec(manifest: Manifest) -> Manifest:
    spec: Manifest = manifest["spec"]
    return spec["template"]["spec"] if "template" in spec else spec


def config_of(manifests: list[Manifest], name: str) -> dict[str, str]:
    data: dict[str, str] = named(manifests, "ConfigMap", name)["data"]
    return data


def json_setting(config: dict[str, str], key: str) -> Any:
    return json.loads(config[key])

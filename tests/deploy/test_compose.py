"""compose.dev.yaml: valid against the Compose Specification's schema (vendored: offline), every
workload and store with a health check, every dependency waiting on a condition, and the
observability stack reading the chart's files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.chart import ROOT, SUBGRAPHS

COMPOSE = ROOT / "compose.dev.yaml"
SCHEMA = Path(__file__).parent / "schemas" / "compose-spec.json"
STORES = {"postgres", "redis", "kafka", "minio", "mailpit"}
OBSERVABILITY = {"prometheus", "alertmanager", "grafana", "elasticsearch", "logstash", "kibana"}
ONE_SHOT = {"minio-init"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_matches_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert not errors, "\n".join(errors)


def test_runs_the_whole_platform_on_real_servers(compose: dict[str, Any]) -> None:
    services = set(compose["services"])
    missing = {*SUBGRAPHS, "router", "ui", *STORES, *OBSERVABILITY, "filebeat"} - services
    assert not missing


def test_everything_long_running_is_health_checked(compose: dict[str, Any]) -> None:
    unchecked = [
        name
        for name, service in compose["services"].items()
        if name not in ONE_SHOT and "test" not in service.get("healthcheck", {})
    ]
    assert not unchecked


def test_dependencies_wait_for_health_not_for_start(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: use depends_on with conditions"
        for target, rule in depends.items():
            wanted = "service_completed_successfully" if target in ONE_SHOT else "service_healthy"
            assert rule["condition"] == wanted, (name, target)
    router = compose["services"]["router"]["depends_on"]
    assert set(router) == set(SUBGRAPHS)


def test_services_run_like_in_kubernetes(compose: dict[str, Any]) -> None:
    for name in (*SUBGRAPHS, "router", "ui"):
        service = compose["services"][name]
        assert service["read_only"] is True, name
        assert service["user"] == "10001:10001", name
    for name in SUBGRAPHS:
        command = compose["services"][name]["command"]
        assert command == ["python", "-m", f"subgraphs.{name}", "serve"]


def test_observability_reads_the_charts_files(compose: dict[str, Any]) -> None:
    mounted = {
        volume.split(":")[0]
        for service in compose["services"].values()
        for volume in service.get("volumes", [])
        if isinstance(volume, str) and volume.startswith("./")
    }
    shared = "./charts/indefinite/files/observability/"
    for folder in ("prometheus", "grafana", "alertmanager", "logstash"):
        assert f"{shared}{folder}" in mounted, folder
    for path in mounted - {m for m in mounted if m.startswith(shared)}:
        assert (ROOT / path).exists(), f"compose.dev.yaml mounts {path}, which is not there"

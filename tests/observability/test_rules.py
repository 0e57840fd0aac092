"""Prometheus rules: every `*.rules.yml` of the chart's observability folder passes
`promtool check rules`, has a `tests/<name>.test.yml` that passes `promtool test rules`, and
reads only metrics the code exports (or recording rules). promtool comes from Debian's
`prometheus` package (.ci/run installs it); without it these tests fail in CI and skip
elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.observability.catalog import (
    OBSERVABILITY,
    exported_metrics,
    metric_names,
    recorded_names,
)

PROMETHEUS = OBSERVABILITY / "prometheus"
RULE_FILES = sorted(PROMETHEUS.glob("*.rules.yml"))


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: apt-get install -y {package} (.ci/run does)")
        pytest.skip(f"{name} is not installed (apt-get install -y {package})")
    return found


def _run(*argv: str, cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(argv)}:\n{done.stdout}\n{done.stderr}"


def test_there_are_rules() -> None:
    assert PROMETHEUS / "indefinite.rules.yml" in RULE_FILES


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_rules_pass_promtool_check_and_their_unit_tests(rules: Path) -> None:
    promtool = tool("promtool", "prometheus")
    unit_tests = PROMETHEUS / "tests" / rules.name.replace(".rules.yml", ".test.yml")
    assert unit_tests.exists(), f"{rules.name} has no unit tests ({unit_tests.name})"
    _run(promtool, "check", "rules", str(rules), cwd=PROMETHEUS)
    _run(promtool, "test", "rules", str(unit_tests.relative_to(PROMETHEUS)), cwd=PROMETHEUS)


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_rules_read_only_exported_metrics(rules: Path) -> None:
    known = exported_metrics() | recorded_names()
    unknown: dict[str, set[str]] = {}
    for group in yaml.safe_load(rules.read_text())["groups"]:
        for rule in group["rules"]:
            missing = metric_names(rule["expr"]) - known
            if missing:
                unknown[rule.get("record") or rule["alert"]] = missing
    assert not unknown, f"rules read metrics nothing exports: {unknown}"


def test_metric_names_of_an_expression() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=~"x|y"}[5m])))'
        " / on(service) group_left b:rec > 1e-3 and rate(c_total[$__rate_interval])"
    )
    assert metric_names(expr) == {"a_bucket", "b:rec", "c_total"}

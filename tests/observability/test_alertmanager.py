"""Alert routing: the Alertmanager config passes `amtool check-config`, every alert of the
rules has a severity it routes by, pages reach on-call and tickets the SRE inbox."""

from __future__ import annotations

import subprocess

import pytest
import yaml

from tests.observability.catalog import OBSERVABILITY
from tests.observability.test_rules import RULE_FILES, tool

CONFIG = OBSERVABILITY / "alertmanager" / "alertmanager.yml"


def _amtool(*argv: str) -> str:
    done = subprocess.run(
        [tool("amtool", "prometheus-alertmanager"), *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"amtool {' '.join(argv)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip()


def test_config_passes_amtool_check_config() -> None:
    assert "SUCCESS" in _amtool("check-config", str(CONFIG))


@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        (["severity=page", "alertname=RouterErrorBudgetBurn"], "sre-oncall"),
        (["severity=ticket", "alertname=EventsDeadLettered"], "sre-tickets"),
        (["alertname=Unlabelled"], "sre-tickets"),
    ],
)
def test_routes(labels: list[str], receiver: str) -> None:
    assert _amtool("config", "routes", "test", f"--config.file={CONFIG}", *labels) == receiver


def test_every_alert_has_a_routed_severity_and_a_summary() -> None:
    for rules in RULE_FILES:
        for group in yaml.safe_load(rules.read_text())["groups"]:
            for rule in group["rules"]:
                if "alert" in rule:
                    assert rule["labels"]["severity"] in ("page", "ticket"), rule["alert"]
                    assert rule["annotations"]["summary"], rule["alert"]

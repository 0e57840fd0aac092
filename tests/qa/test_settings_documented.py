"""The QA settings are in the README's table, and the prober's alert rules pass their promtool
unit test (charts/indefinite/files/observability/prometheus/tests/qa.test.yml)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from qa.settings import QaSettings

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "charts" / "indefinite" / "files" / "observability" / "prometheus"


def test_every_qa_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [
        f"QA_{name.upper()}"
        for name in QaSettings.model_fields
        if f"`QA_{name.upper()}`" not in readme
    ]
    assert not missing, missing


def test_the_alert_rules_pass_their_unit_test() -> None:
    promtool = shutil.which("promtool")
    assert promtool, "promtool is missing: apt-get install prometheus"
    result = subprocess.run(
        [promtool, "test", "rules", "tests/qa.test.yml"],
        cwd=PROMETHEUS,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr

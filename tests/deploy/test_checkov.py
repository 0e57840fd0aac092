"""checkov over the rendered chart (default and production values): no failed check, except the
few listed here with the reason, and the per-object skips the templates carry
(`checkov.io/skipN` annotations, each with its reason).

checkov pins libraries older than ours, so it runs from its own venv (`.venv-checkov`, from
requirements-checkov.lock), which `make install` (and so `make test`) creates."""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from tests.deploy.chart import ROOT, production_values, render, write

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"

#: check id -> (rendered file it is excused in, or "*" for both; why)
EXCUSED: dict[str, tuple[str, str]] = {
    "CKV_K8S_35": (
        "*",
        "services read their settings from the environment (pydantic-settings); a secret "
        "reaches only the workload that needs it, by secretKeyRef or its own Secret",
    ),
    "CKV_K8S_43": (
        "default.yaml",
        "the default values pull by tag (the chart's appVersion): a digest exists only per "
        "build; the production values pin digests (test_chart checks it)",
    ),
    "CKV_K8S_15": (
        "default.yaml",
        "with a tag, pullPolicy Always would re-resolve it at every start; pinned by digest "
        "(production) IfNotPresent is exact and checkov accepts it",
    ),
}


def test_checkov_finds_nothing_unexcused(tmp_path: Path) -> None:
    if not CHECKOV.exists():
        message = "checkov's venv is missing: make install (creates .venv-checkov)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    write(render(), tmp_path / "default.yaml")
    write(render(production_values()), tmp_path / "production.yaml")
    result = subprocess.run(
        [
            str(CHECKOV),
            "--directory",
            str(tmp_path),
            "--framework",
            "kubernetes",
            "--output",
            "json",
            "--quiet",
            "--compact",
            "--skip-download",  # offline: no guidelines from the vendor's API
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.stdout.strip(), result.stderr[-2000:]
    reports = json.loads(result.stdout)
    failed: dict[str, set[str]] = defaultdict(set)
    for report in reports if isinstance(reports, list) else [reports]:
        assert report["summary"]["parsing_errors"] == 0
        for check in report["results"].get("failed_checks", []):
            failed[check["check_id"]].add(f"{Path(check['file_path']).name}: {check['resource']}")
    unexcused = sorted(
        f"{check_id} {where}"
        for check_id, places in failed.items()
        for where in places
        if check_id not in EXCUSED or EXCUSED[check_id][0] not in ("*", where.split(":")[0])
    )
    assert not unexcused, "checkov failed:\n" + "\n".join(unexcused)
    stale = set(EXCUSED) - set(failed)
    assert not stale, f"excused checks that pass now (remove them from EXCUSED): {stale}"

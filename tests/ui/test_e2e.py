"""The web UI end to end: `python -m indefinite.dev` (the whole platform, the UI under
`next start` over a fresh build) on ports of its own, driven by Playwright in Debian's chromium
(`ui/e2e/*.spec.ts`). Screenshots land in `ui/artifacts/screenshots/` (gitignored).

Needs what `make dev` needs plus `/usr/bin/chromium` (`apt-get install chromium`) and
`ui/node_modules` (`make install`); without them it fails, it is not skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from indefinite.kafka_broker import free_port
from tests.dev.test_dev import STARTUP, DevRun, dev_ports

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DIST = ".next-e2e"
OWNER = {"email": "owner@example.com", "password": "correct horse battery staple", "login": "owner"}

pytestmark = pytest.mark.timeout(900)


def node_env() -> dict[str, str]:
    return {
        **os.environ,
        "NEXT_TELEMETRY_DISABLED": "1",
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        "NEXT_DIST_DIR": DIST,
    }


@pytest.fixture(scope="module")
def platform() -> Iterator[tuple[DevRun, Path]]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    assert (UI / "node_modules" / ".bin" / "next").exists(), "no ui/node_modules: make install"
    build = subprocess.run(
        ["node", "node_modules/next/dist/bin/next", "build"],
        cwd=UI,
        env=node_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    # Under /tmp, not pytest's 0700 tmp_path: PostgreSQL runs as its own user (tests/dev).
    data = Path(tempfile.mkdtemp(prefix="indefinite-ui-e2e-"))
    ports = {**dev_ports(), "DEV_UI": "start", "DEV_UI_PORT": str(free_port())}
    extra = {f"FIRST_OWNER_{key.upper()}": value for key, value in OWNER.items()}
    run = DevRun(data, ports, {**extra, "NEXT_DIST_DIR": DIST})
    try:
        run.wait_for("Press Ctrl-C to stop.", STARTUP)
        yield run, data
    finally:
        run.cleanup()
        shutil.rmtree(data, ignore_errors=True)


def mirror(run: DevRun, log: Path, done: threading.Event) -> None:
    """The platform's output, copied to a file the specs read emailed links from."""
    while not done.wait(0.2):
        log.write_text(run.output)
    log.write_text(run.output)


def test_journey_in_chromium(platform: tuple[DevRun, Path]) -> None:
    run, data = platform
    log = data / "platform.log"
    log.write_text(run.output)
    done = threading.Event()
    copier = threading.Thread(target=mirror, args=(run, log, done), daemon=True)
    copier.start()
    shutil.rmtree(UI / "artifacts" / "screenshots", ignore_errors=True)
    env = {
        **node_env(),
        "UI_BASE_URL": f"http://127.0.0.1:{run.ports['DEV_UI_PORT']}",
        "ROUTER_URL": run.url(),
        "DEV_LOG": str(log),
        "OWNER_EMAIL": OWNER["email"],
        "OWNER_PASSWORD": OWNER["password"],
        "CHROMIUM_PATH": CHROMIUM,
    }
    try:
        result = subprocess.run(
            ["node", "node_modules/@playwright/test/cli.js", "test"],
            cwd=UI,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        done.set()
        copier.join(5)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:] + run.tail(80)
    shots = sorted(p.name for p in (UI / "artifacts" / "screenshots").glob("*.png"))
    for page in ("feed", "post", "author", "editor", "admin", "account", "login"):
        assert f"{page}-1280.png" in shots, shots
        assert f"{page}-375.png" in shots, shots

"""The web UI (`ui/`, Next.js) under `make dev`: `next dev` by default, `next start` over a
finished build with `DEV_UI=start` (what the end-to-end tests use), none with `DEV_UI=off`.

The UI talks to the router only, from its server side (`ROUTER_URL`); `PUBLIC_BASE_URL` is its
own address, so the links auth emails (`/signup/<token>`, `/restorepwd/<token>`) open it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from indefinite.supervisor import Program

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
NEXT = UI / "node_modules" / "next" / "dist" / "bin" / "next"
MODES = ("dev", "start", "off")


class UiError(RuntimeError):
    """The UI cannot be started as asked (one sentence)."""


def ui_mode(env: Mapping[str, str] = os.environ) -> str:
    mode = env.get("DEV_UI", "dev")
    if mode not in MODES:
        raise UiError(f"DEV_UI={mode!r}: use one of {', '.join(MODES)}")
    return mode


def ui_installed() -> bool:
    return NEXT.exists()


def public_base_url(port: int, env: Mapping[str, str] = os.environ) -> str:
    return env.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")


def ui_program(
    *, port: int, router_port: int, mode: str, base_env: Mapping[str, str], log_file: Path | None
) -> Program:
    """`node next dev|start` on 127.0.0.1:port, with the router's URL and the site's own."""
    dist = base_env.get("NEXT_DIST_DIR", ".next")
    if mode == "start" and not (UI / dist / "BUILD_ID").exists():
        raise UiError(f"DEV_UI=start needs a build: run `npm --prefix ui run build` ({dist})")
    env = {
        **base_env,
        "ROUTER_URL": f"http://127.0.0.1:{router_port}/graphql",
        "PUBLIC_BASE_URL": public_base_url(port, base_env),
        "ENVIRONMENT": base_env.get("ENVIRONMENT", "development"),
        "NEXT_TELEMETRY_DISABLED": "1",
    }
    node = os.environ.get("NODE", "node")
    return Program(
        "ui",
        [node, str(NEXT), mode, "--hostname", "127.0.0.1", "--port", str(port)],
        env,
        log_file=log_file,
        cwd=UI,
    )

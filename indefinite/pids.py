"""Pid files of the processes `make dev` starts, so that a run killed without cleaning up (a
closed terminal, SIGKILL) leaves nothing the next run trips over: the next run finds what the
files name, checks that it is still the very process that was recorded (same pid AND same start
time, so a recycled pid is never touched), and stops it.

PostgreSQL keeps its own pid file (`postmaster.pid`); `EmbeddedPostgres` reads that one.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass(frozen=True)
class PidFile:
    path: Path

    def record(self, pid: int) -> None:
        """Remember `pid` with its start time (call right after starting it)."""
        try:
            started = psutil.Process(pid).create_time()
        except psutil.NoSuchProcess:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{pid} {started!r}\n")

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)

    def leftover(self) -> psutil.Process | None:
        """The recorded process when it still runs (and is the same process), else None."""
        try:
            pid_text, started_text = self.path.read_text().split()
            process = psutil.Process(int(pid_text))
            if abs(process.create_time() - float(started_text)) > 0.01:
                return None
            if process.status() == psutil.STATUS_ZOMBIE:
                return None
        except (OSError, ValueError, psutil.Error):
            return None
        return process


def stop(process: psutil.Process, *, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `timeout`; returns once the process is gone."""
    with contextlib.suppress(psutil.NoSuchProcess):
        process.terminate()
        try:
            process.wait(timeout)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(5)


def stop_leftovers(directory: Path, *, timeout: float = 10.0) -> list[str]:
    """Stop every process recorded under `directory` that still runs (all at once: SIGTERM,
    SIGKILL after `timeout`); returns their names."""
    found: list[tuple[str, psutil.Process]] = []
    for path in sorted(directory.glob("*.pid")):
        pid_file = PidFile(path)
        if (process := pid_file.leftover()) is not None:
            found.append((path.stem, process))
        pid_file.forget()
    for _, process in found:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs([process for _, process in found], timeout=timeout)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=5)
    return [f"{name} (pid {process.pid})" for name, process in found]

"""The processes of `make dev`, kept running as an orchestrator would keep them.

- Each program's output is read line by line and printed with its name in front, so the
  services' interleaved logs stay readable (`make dev` asks them for console lines, not JSON);
  a program may write to a log file instead (the stores' chatter stays under `.data/`).
- A program that exits on its own is started again after a back-off (1 s doubling to 30 s,
  back to 1 s once it stayed up 30 s), with a loud line saying so; the others keep running.
- Each child runs in its own session (Ctrl-C in the terminal reaches only `make dev`, which
  stops the services and the router, then the stores: SIGTERM, then SIGKILL after 10 s) and is
  recorded in a pid file,
  so a run killed without cleaning up is cleaned up by the next (indefinite.pids).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

from indefinite.pids import PidFile

BACKOFF_INITIAL = 1.0
BACKOFF_MAX = 30.0
#: A program that ran this long before exiting starts its back-off from the beginning again.
STABLE_AFTER = 30.0
STOP_TIMEOUT = 10.0

_COLORS = ("36", "32", "33", "35", "34", "96", "92", "93", "95", "94")


class Console:
    """Whole lines from several threads, each prefixed with the name of its program."""

    def __init__(self, stream: IO[str] = sys.stdout, *, color: bool | None = None) -> None:
        self.stream = stream
        self.color = stream.isatty() and "NO_COLOR" not in os.environ if color is None else color
        self.width = 10
        self._lock = threading.Lock()
        self._colors: dict[str, str] = {}

    def _prefix(self, name: str) -> str:
        label = f"{name:<{self.width}} |"
        if not self.color:
            return label
        code = self._colors.setdefault(name, _COLORS[len(self._colors) % len(_COLORS)])
        return f"\x1b[{code}m{label}\x1b[0m"

    def line(self, name: str, text: str) -> None:
        with self._lock:
            self.stream.write(f"{self._prefix(name)} {text}\n")
            self.stream.flush()

    def alert(self, text: str) -> None:
        """A line nobody should miss (a crash, a restart)."""
        message = f"!!! {text}"
        if self.color:
            message = f"\x1b[1;31m{message}\x1b[0m"
        self.line("dev", message)

    def say(self, text: str) -> None:
        self.line("dev", text)


@dataclass
class Program:
    name: str
    args: list[str]
    env: dict[str, str]
    #: Where its output goes: None prints it on the console, a path appends it to that file.
    log_file: Path | None = None
    cwd: Path | None = None
    #: A store the others use (Redis, the broker, S3): stopped only after every other program.
    store: bool = False


@dataclass
class _Child:
    program: Program
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    attempt: int = 0
    restart_at: float | None = None
    reader: threading.Thread | None = None
    output: list[IO[bytes]] = field(default_factory=list)


class Supervisor:
    """Starts programs, restarts the ones that exit, stops them all on `stop()`."""

    def __init__(self, pid_dir: Path, console: Console) -> None:
        self.pid_dir = pid_dir
        self.console = console
        self._children: dict[str, _Child] = {}
        self._stopping = False

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- starting and watching -------------------------------------------------------------

    def start(self, program: Program) -> None:
        self.console.width = max(self.console.width, len(program.name))
        child = self._children.setdefault(program.name, _Child(program))
        child.program = program
        self._spawn(child)

    def pid(self, name: str) -> int | None:
        child = self._children.get(name)
        if child is None or child.process is None or child.process.poll() is not None:
            return None
        return child.process.pid

    def restarts(self, name: str) -> int:
        return self._children[name].restarts

    def poll(self) -> None:
        """Notice exits and restart what is due; call this often."""
        now = time.monotonic()
        for child in self._children.values():
            process = child.process
            if process is not None and process.poll() is not None and not self._stopping:
                self._exited(child, process.returncode, now)
            if child.restart_at is not None and now >= child.restart_at and not self._stopping:
                child.restart_at = None
                child.restarts += 1
                self.console.alert(f"restarting {child.program.name} (restart {child.restarts})")
                self._spawn(child)

    def run(self, until: Callable[[], bool], *, interval: float = 0.2) -> None:
        while not until():
            self.poll()
            time.sleep(interval)

    def _exited(self, child: _Child, code: int, now: float) -> None:
        child.process = None
        self._close_output(child)
        if now - child.started_at >= STABLE_AFTER:
            child.attempt = 0
        child.attempt += 1
        delay = min(BACKOFF_MAX, BACKOFF_INITIAL * 2 ** (child.attempt - 1))
        child.restart_at = now + delay
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        self.console.alert(
            f"{child.program.name} exited ({how}); restarting it in {delay:.0f} s, "
            "the other services keep running"
        )

    def _spawn(self, child: _Child) -> None:
        program = child.program
        if program.log_file is not None:
            program.log_file.parent.mkdir(parents=True, exist_ok=True)
            sink: IO[bytes] = open(program.log_file, "ab")  # noqa: SIM115 (closed on exit)
            child.output = [sink]
            stdout: int | IO[bytes] = sink
        else:
            stdout = subprocess.PIPE
        process = subprocess.Popen(
            program.args,
            env=program.env,
            cwd=program.cwd,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        child.process = process
        child.started_at = time.monotonic()
        PidFile(self.pid_dir / f"{program.name}.pid").record(process.pid)
        if process.stdout is not None:
            child.output = [process.stdout]
            child.reader = threading.Thread(
                target=self._relay_lines,
                args=(program.name, process.stdout),
                name=f"output-{program.name}",
                daemon=True,
            )
            child.reader.start()

    def _relay_lines(self, name: str, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self.console.line(name, raw.decode(errors="replace").rstrip("\r\n"))

    def _close_output(self, child: _Child) -> None:
        if child.reader is not None:
            child.reader.join(2.0)
            child.reader = None
        for stream in child.output:
            stream.close()
        child.output = []

    # -- stopping --------------------------------------------------------------------------

    def stop(self) -> None:
        """SIGTERM the programs, newest first, then the stores (so that no service loses its
        stores while it shuts down); SIGKILL what is left of a group after 10 s."""
        self._stopping = True
        children = list(reversed(self._children.values()))
        self._stop_group([child for child in children if not child.program.store])
        self._stop_group([child for child in children if child.program.store])

    def _stop_group(self, children: list[_Child]) -> None:
        for child in children:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            process = child.process
            if process is not None:
                try:
                    process.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    self.console.alert(f"{child.program.name} ignored SIGTERM; killing it")
                    process.kill()
                    process.wait()
            self._close_output(child)
            PidFile(self.pid_dir / f"{child.program.name}.pid").forget()

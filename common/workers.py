"""Several worker processes of one service (or of the router) on the same ports: one Python
process uses one core, and a pod with more should run as many.

`python -m subgraphs.<name>` (or `python -m router`) with `WORKERS` (`ROUTER_WORKERS`) above 1
becomes a small parent: it starts that many copies of its own command line, each marked as a
worker (`INDEFINITE_WORKER=<i>/<n>` in its environment), and forwards SIGTERM/SIGINT to them.
Each worker binds the HTTP and gRPC ports with SO_REUSEPORT (the kernel spreads connections
across them; gRPC sets it by default) and is otherwise the very process a single-worker run
is: a worker is a replica sharing a pod, and what replicas share (PostgreSQL, Redis, Kafka
consumer groups, outbox relays claiming rows with SKIP LOCKED, migrations under an advisory
lock) already keeps them correct. A worker that dies is started again after a second.

Metrics: the parent gives every worker one `PROMETHEUS_MULTIPROC_DIR` (a fresh directory unless
set, emptied when the parent starts) and each `/metrics` sums all workers
(prometheus-client's multiprocess mode: common.metrics.render).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
from pathlib import Path

from prometheus_client import multiprocess

from common.logging import get_logger

__all__ = ["WORKER_ENV", "is_worker", "listening_socket", "run_workers", "worker_count"]

log = get_logger(__name__)
WORKER_ENV = "INDEFINITE_WORKER"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
RESTART_DELAY_SECONDS = 1.0
STOP_TIMEOUT_SECONDS = 30.0


def worker_count(setting: int, *, production: bool) -> int:
    """`setting` when positive; otherwise the usable cores in production, else 1."""
    if setting > 0:
        return setting
    return len(os.sched_getaffinity(0)) if production else 1


def is_worker() -> bool:
    return WORKER_ENV in os.environ


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket, shared by the workers of one service (SO_REUSEPORT) when this
    process is one of them, exclusive otherwise."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio only sets TCP_NODELAY on sockets that say they are TCP,
    # and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if is_worker():
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host.strip("[]"), port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _metrics_dir() -> tuple[Path, bool]:
    """The shared multiprocess directory (emptied), and whether this parent made it."""
    given = os.environ.get(MULTIPROC_ENV)
    if not given:
        return Path(tempfile.mkdtemp(prefix="indefinite-metrics-")), True
    path = Path(given)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # a previous run's workers: their pids mean nothing now
        stale.unlink(missing_ok=True)
    return path, False


async def run_workers(count: int, *, name: str) -> None:
    """Run `count` workers of this command line until SIGINT/SIGTERM (then stop them)."""
    metrics_dir, made = _metrics_dir()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    argv = [sys.executable, *sys.orig_argv[1:]]
    log.info("workers starting", service=name, workers=count, metrics_dir=str(metrics_dir))
    try:
        await asyncio.gather(*(_keep(argv, i, count, metrics_dir, stop) for i in range(count)))
    finally:
        if made:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    log.info("workers stopped", service=name)


async def _keep(
    argv: list[str], index: int, count: int, metrics_dir: Path, stop: asyncio.Event
) -> None:
    """One worker slot: start, restart when it dies, stop it on `stop`."""
    env = {**os.environ, WORKER_ENV: f"{index}/{count}", MULTIPROC_ENV: str(metrics_dir)}
    while not stop.is_set():
        process = await asyncio.create_subprocess_exec(*argv, env=env)
        stopping = asyncio.ensure_future(stop.wait())
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({stopping, exited}, return_when=asyncio.FIRST_COMPLETED)
        if not exited.done():
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(exited, STOP_TIMEOUT_SECONDS)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        stopping.cancel()
        multiprocess.mark_process_dead(process.pid, str(metrics_dir))  # type: ignore[no-untyped-call]
        if stop.is_set():
            return
        log.error("worker exited; starting it again", worker=index, code=process.returncode)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), RESTART_DELAY_SECONDS)

"""CPU per process of the platform under load (psutil), to name the bottleneck.

The platform is found from the router's port, never by process names alone (other platforms
may run on the same machine): the process listening there, its supervisor's whole tree when
`make dev` (`python -m indefinite.dev`) started it, then every local server those processes are
connected to (PostgreSQL, Redis, the broker, S3) with its children (PostgreSQL's backends).
Each process is named for its part (`-m subgraphs.<name>`, `-m router`, the store's program).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable

import psutil

__all__ = ["name_of", "platform_cpu_seconds", "platform_processes"]

MODULE = re.compile(r"^(?:subgraphs\.(\w+)|(router|qa|indefinite\.\w+))$")
PROGRAMS = {"postgres": "postgres", "redis-server": "redis", "tansu": "kafka (tansu)"}
_GONE = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)


def name_of(process: psutil.Process) -> str:
    """The platform part a process is (its program name when it is none of them)."""
    try:
        cmdline = process.cmdline()
        program = process.name()
    except _GONE:
        return "?"
    for flag, value in itertools.pairwise(cmdline):
        if flag == "-m" and (match := MODULE.match(value)):
            return match.group(1) or match.group(2)
    if any("moto" in part for part in cmdline):
        return "s3 (moto)"
    for prefix, name in PROGRAMS.items():
        if program.startswith(prefix):
            return name
    return program


def _listeners() -> dict[int, int]:
    """Local TCP port -> pid of the process listening on it."""
    ports: dict[int, int] = {}
    for conn in psutil.net_connections(kind="tcp"):
        port = getattr(conn.laddr, "port", None)
        if conn.status == psutil.CONN_LISTEN and conn.pid is not None and port is not None:
            ports[port] = conn.pid
    return ports


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except _GONE:
        return [process]


def platform_processes(router_port: int) -> list[psutil.Process]:
    """The router's platform: see the module's docstring. Empty when nothing listens there."""
    listeners = _listeners()
    pid = listeners.get(router_port)
    if pid is None:
        return []
    router = psutil.Process(pid)
    parent = router.parent()
    root = parent if parent is not None and name_of(parent) == "indefinite.dev" else router
    found = {p.pid: p for p in _tree(root)}
    peers: set[int] = set()
    for process in list(found.values()):
        try:
            connections = process.net_connections(kind="tcp")
        except _GONE:
            continue
        peers.update(
            port
            for c in connections
            if c.status == psutil.CONN_ESTABLISHED
            and (port := getattr(c.raddr, "port", None)) is not None
        )
    for port in peers:
        if (server := listeners.get(port)) is not None and server not in found:
            for process in _tree(psutil.Process(server)):
                found[process.pid] = process
    return list(found.values())


def platform_cpu_seconds(processes: Iterable[psutil.Process]) -> dict[int, tuple[str, float]]:
    """pid -> (part, user + system CPU seconds so far)."""
    totals: dict[int, tuple[str, float]] = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except _GONE:
            continue
        totals[process.pid] = (name_of(process), times.user + times.system)
    return totals


def cpu_by_part(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> dict[str, float]:
    """CPU seconds used between two readings, summed by part (a process born in between
    counts whole; one that ended in between is lost, which the caller should say)."""
    used: dict[str, float] = defaultdict(float)
    for pid, (name, cpu) in after.items():
        used[name] += cpu - before.get(pid, (name, 0.0))[1]
    return dict(used)

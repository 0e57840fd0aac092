"""CPU per process of the platform on this machine (psutil), to name the bottleneck: the
services by their command line (`-m subgraphs.<name>`, `-m router`), the stores by program."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict

import psutil

__all__ = ["cpu_seconds", "name_of"]

MODULE = re.compile(r"^(?:subgraphs\.(\w+)|(router|qa|indefinite\.mail_sink|locust))$")
PROGRAMS = {"postgres": "postgres", "redis-server": "redis", "tansu": "kafka (tansu)"}


def name_of(process: psutil.Process) -> str | None:
    """The platform part a process is, or None for a process of something else."""
    try:
        cmdline = process.cmdline()
        program = process.name()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None
    for flag, value in itertools.pairwise(cmdline):
        if flag == "-m" and (match := MODULE.match(value)):
            return match.group(1) or match.group(2)
    if any(part.endswith("moto_server") or "moto.server" in part for part in cmdline):
        return "s3 (moto)"
    for prefix, name in PROGRAMS.items():
        if program.startswith(prefix):
            return name
    return None


def cpu_seconds() -> dict[str, float]:
    """User + system CPU seconds so far, summed by platform part (every PostgreSQL backend
    counts as postgres)."""
    totals: dict[str, float] = defaultdict(float)
    for process in psutil.process_iter():
        name = name_of(process)
        if name is None:
            continue
        try:
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        totals[name] += times.user + times.system
    return dict(totals)

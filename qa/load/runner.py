"""`python -m qa load`: seed probe content, run Locust headless (its own process) for a bounded
time and request count against a platform on this machine, then print RPS, p50, p99 and the
error rate per operation and the CPU each platform process used, and clean up.

Loopback only: a load profile aimed at a shared deployment is an outage, not a measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import ipaddress
import json
import os
import resource
import socket
import sys
import tempfile
import time
from asyncio.subprocess import PIPE, STDOUT
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from qa.load.cpu import cpu_by_part, platform_cpu_seconds, platform_processes
from qa.mailbox import open_mailbox
from qa.probes import DELETE_POST, new_probe, owner_token, probe_tag_id, published_post
from qa.settings import QaSettings
from qa.steps import Run

__all__ = ["format_cpu", "format_stats", "is_loopback", "run_load"]

HERE = Path(__file__).resolve().parent
SEEDED_POSTS = 10
COMMENTERS = 3


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


async def seed(run: Run, weights: dict[str, Any]) -> dict[str, Any]:
    """Probe accounts and published probe posts for the simulated users to work on."""
    writer = await new_probe(run, "WRITER", label="load writer")
    commenters = [await new_probe(run, label=f"load commenter {i}") for i in range(COMMENTERS)]
    post_ids = [await published_post(run, writer, label="seed") for _ in range(SEEDED_POSTS)]
    return {
        "origin": run.settings.origin,
        "weights": weights,
        "post_ids": post_ids,
        "author_id": writer.id,
        "writer_token": writer.token,
        "owner_token": await owner_token(run),
        "commenter_tokens": [c.token for c in commenters],
        "probe_tag_id": await probe_tag_id(run),
    }


async def delete_posts(run: Run, post_ids: list[str]) -> None:
    owner = await owner_token(run)
    for post_id in post_ids:
        await run.client.gql(DELETE_POST, {"id": post_id}, token=owner)


def format_stats(stats_csv: Path, seconds: float) -> tuple[str, str]:
    """The per-operation table from Locust's `_stats.csv`, and the slowest operation (p99)."""
    rows = list(csv.DictReader(stats_csv.open()))
    head = ("requests", "RPS", "p50 ms", "p99 ms", "errors")
    lines = [f"{'operation':<16} " + " ".join(f"{h:>8}" for h in head)]
    slowest = ("", -1.0)
    for row in rows:
        count = int(row["Request Count"])
        failures = int(row["Failure Count"])
        name = row["Name"]
        p50, p99 = row["50%"], row["99%"]
        rate = failures / count if count else 0.0
        rps = count / seconds if seconds else 0.0
        lines.append(f"{name:<16} {count:>8} {rps:>8.1f} {p50:>8} {p99:>8} {rate:>8.2%}")
        if name != "Aggregated" and count and float(p99 or 0) > slowest[1]:
            slowest = (name, float(p99))
    return "\n".join(lines), f"slowest operation (p99): {slowest[0]} at {slowest[1]:.0f} ms"


def format_cpu(used: dict[str, float], seconds: float) -> str:
    """CPU seconds and cores (CPU seconds per second of the run) of each platform part."""
    lines = [f"{'process':<24} {'CPU s':>7} {'cores':>6}"]
    for name, cpu in sorted(used.items(), key=lambda item: -item[1]):
        lines.append(f"{name:<24} {cpu:>7.1f} {cpu / seconds:>6.2f}")
    return "\n".join(lines)


def run_load(settings: QaSettings, args: argparse.Namespace) -> int:
    if not is_loopback(settings.origin):
        print(f"refusing: {settings.origin} is not on this machine (loopback only)", flush=True)
        return 2
    if args.idle:
        return asyncio.run(_idle(settings, args.seconds))
    weights_file = Path(args.weights) if args.weights else HERE / "weights.yaml"
    weights = yaml.safe_load(weights_file.read_text())
    with tempfile.TemporaryDirectory(prefix="qa-load-") as directory:
        return asyncio.run(_load(settings, args, weights, weights_file, Path(directory)))


async def _idle(settings: QaSettings, seconds: float) -> int:
    """The platform's CPU with no load at all (consumers polling, relays, timers): the
    baseline docs/capacity.md subtracts from a loaded run."""
    port = urlsplit(settings.origin).port or 80
    processes = platform_processes(port)
    if not processes:
        print(f"nothing listens on port {port}", flush=True)
        return 1
    before, started = platform_cpu_seconds(processes), time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - started
    after = platform_cpu_seconds(processes)
    print(f"idle: {elapsed:.1f} s, no load, against {settings.origin}", flush=True)
    print(format_cpu(cpu_by_part(before, after), elapsed), flush=True)
    return 0


async def _load(
    settings: QaSettings,
    args: argparse.Namespace,
    weights: dict[str, Any],
    weights_file: Path,
    work: Path,
) -> int:
    run = Run("load", settings, open_mailbox(settings.mailbox))
    created_file = work / "created.txt"
    created_file.touch()
    try:
        state = await seed(run, weights)
        (work / "state.json").write_text(json.dumps(state))
        env = {
            **os.environ,
            "QA_LOAD_STATE": str(work / "state.json"),
            "QA_LOAD_CREATED": str(created_file),
            "QA_LOAD_MAX_REQUESTS": str(args.max_requests),
        }
        command = [
            "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
            "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
            "--run-time", f"{int(args.seconds)}s", "--stop-timeout", "5",
            "--csv", str(work / "load"), "--only-summary", "--loglevel", "WARNING",
        ]  # fmt: skip
        port = urlsplit(settings.origin).port or 80
        processes = platform_processes(port)
        before, started = platform_cpu_seconds(processes), time.monotonic()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        locust = await asyncio.create_subprocess_exec(
            sys.executable, *command, env=env, stdout=PIPE, stderr=STDOUT
        )
        output, _ = await locust.communicate()
        seconds = time.monotonic() - started
        after = platform_cpu_seconds(
            {p.pid: p for p in [*processes, *platform_processes(port)]}.values()
        )
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Locust itself (the load generator shares the machine): its CPU as a child process
        load_cpu = now.ru_utime + now.ru_stime - children.ru_utime - children.ru_stime
        used = cpu_by_part(before, after) | {"locust (load generator)": load_cpu}
        stats = work / "load_stats.csv"
        if not stats.exists():
            print(output.decode()[-4000:], flush=True)
            return 1
        table, slowest = format_stats(stats, seconds)
        print(
            f"load: {args.users} users for {seconds:.1f} s (at most {args.max_requests} "
            f"requests) against {settings.origin}; weights {weights_file}",
            flush=True,
        )
        print(table)
        print(slowest)
        print()
        print(format_cpu(used, seconds), flush=True)
        return 0
    finally:
        try:
            await delete_posts(run, created_file.read_text().split())
            await run.clean_up()
        finally:
            await run.aclose()

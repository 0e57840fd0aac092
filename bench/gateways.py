"""Gateway benchmark: our router against Grafbase, Hive Gateway and @apollo/gateway, same load.

    python -m bench.gateways                       # scenario "products", 10 s per gateway
    python -m bench.gateways --duration 30 --connections 100 --gateways router,grafbase

Scenario "products" is the public graphql-gateways-benchmark setup: four subgraphs (accounts,
inventory, products, reviews; bench/subgraphs.py) and its deep query (bench/deep.graphql).
Scenario "blog" (bench/blog.py) is our real platform: profiles, auth, posts (and feed/sessions
when present) in this process on fresh databases, seeded with a few hundred posts through the
router, and a blog page query (posts with authors, roles, tags, comments and their authors).

Steps: check wrk -> start the subgraphs (uvicorn, N workers) -> compose the supergraph -> for
each gateway: start it, check its answer, warm up, measure with wrk, stop it -> print the table
and the ratios ours/grafbase, ours/hive and ours/apollo. The load generator and the gateway are
pinned to separate cores (taskset); the subgraphs share the loader's cores by default.
Loopback only.
A gateway that fails to start or answers wrongly is reported and skipped.

Needs wrk (Debian): apt-get update && apt-get install -y wrk
and node_modules: npm ci --no-audit --no-fund (Hive, Apollo, and the Grafbase CLI's Linux
x86-64 binary: `grafbase dev` composes the subgraphs' SDL itself from a grafbase.toml, offline;
the blog scenario has no such file, so there it is reported as failed to start).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.subgraphs import SDL
from indefinite.supergraph import SubgraphSDL, SupergraphError, compose
from tests.gateways import (
    GATEWAYS,
    GatewayStartError,
    RunningGateway,
    free_port,
    write_grafbase_config,
)

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEEP_QUERY = (BENCH_DIR / "deep.graphql").read_text()
WRK_INSTALL = "apt-get update && apt-get install -y wrk"


@dataclass(frozen=True, slots=True)
class Result:
    gateway: str
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int = 0
    socket_errors: str = ""
    error: str = ""
    cpu_ms: float | None = None
    """The gateway's CPU time per request (all its processes and threads) during the measured
    run: less moved by a shared machine than req/s, and what one core's req/s is bound by."""


# --- wrk ------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> tuple[float, float, float, int, str]:
    """requests/s, p50 ms, p99 ms, non-2xx count, socket errors line from `wrk --latency`."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    p50 = _to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1])  # type: ignore[index]
    p99 = _to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])  # type: ignore[index]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(r"Socket errors:(.*)", output)
    return rps, p50, p99, int(non_2xx[1]) if non_2xx else 0, sock[1].strip() if sock else ""


def _wrk_script(body: str, directory: Path) -> Path:
    script = directory / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body)}\n"
    )
    return script


async def run_wrk(
    url: str, script: Path, *, seconds: int, connections: int, threads: int, cpus: str
) -> str:
    argv = ["taskset", "-c", cpus, "wrk", "--latency", "-s", str(script)]
    argv += [f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", url]
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), seconds + 30)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited {proc.returncode}: {out.decode()[-500:]}")
    return out.decode()


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds so far of every process in process group ``pgid`` (Linux)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(fields[2]) == pgid:  # fields after "(comm)": state ppid pgrp ...
            ticks += int(fields[11]) + int(fields[12])  # utime stime
    return ticks / os.sysconf("SC_CLK_TCK")


# --- subgraphs ------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def bench_subgraphs(workers: int, cpus: str) -> AsyncIterator[str]:
    """bench.subgraphs:app under uvicorn on a free port; yields its base URL."""
    port = free_port()
    argv = ["taskset", "-c", cpus, sys.executable, "-m", "uvicorn", "bench.subgraphs:app"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    argv += ["--log-level", "warning", "--no-access-log", "--http", "httptools"]
    proc = await asyncio.create_subprocess_exec(
        *argv, cwd=REPO_ROOT, start_new_session=True, stdin=asyncio.subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            deadline = time.monotonic() + 30
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{base}/health")).status_code == 200:
                        break
                if proc.returncode is not None or time.monotonic() > deadline:
                    raise RuntimeError("bench subgraphs did not start")
                await asyncio.sleep(0.1)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()


# --- one gateway ----------------------------------------------------------------------------------


def _has_shape(data: Any) -> bool:
    users = (data or {}).get("users") or []
    top = (data or {}).get("topProducts") or []
    return len(users) == 6 and len(top) == 5 and all(u.get("reviews") for u in users)


ShapeCheck = Callable[[Any], bool]


async def _check_answer(
    gateway: RunningGateway, body: str, has_shape: ShapeCheck = _has_shape
) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30, trust_env=False) as client:
        response = await client.post(
            gateway.url, content=body, headers={"content-type": "application/json"}
        )
    answer: dict[str, Any] = response.json()
    if response.status_code != 200 or answer.get("errors") or not has_shape(answer.get("data")):
        text = json.dumps(answer)[:600]
        raise RuntimeError(f"wrong answer (HTTP {response.status_code}): {text}")
    return answer


async def bench_gateway(
    name: str,
    supergraph: Path,
    script: Path,
    body: str,
    args: argparse.Namespace,
    *,
    has_shape: ShapeCheck = _has_shape,
    env: Mapping[str, str] | None = None,
) -> tuple[Result, dict[str, Any] | None]:
    starter = GATEWAYS[name]
    print(f"[{name}] starting", flush=True)
    try:
        async with starter(
            supergraph,
            cpus=[int(c) for c in args.gateway_cpus.split(",")],
            startup_timeout=90,
            env=dict(env or {}),
        ) as gateway:
            answer = await _check_answer(gateway, body, has_shape)
            print(f"[{name}] answer ok; warm-up {args.warmup}s", flush=True)
            common = {
                "connections": args.connections,
                "threads": args.threads,
                "cpus": args.loader_cpus,
            }
            await run_wrk(gateway.url, script, seconds=args.warmup, **common)
            print(f"[{name}] measuring {args.duration}s", flush=True)
            cpu_before = group_cpu_seconds(gateway.pid)
            out = await run_wrk(gateway.url, script, seconds=args.duration, **common)
            cpu = group_cpu_seconds(gateway.pid) - cpu_before
            await _check_answer(gateway, body, has_shape)  # still right after the load
    except (GatewayStartError, RuntimeError, httpx.HTTPError, ValueError, TimeoutError) as exc:
        message = [line for line in str(exc).strip().splitlines() if line.strip()]
        print(f"[{name}] FAILED: {chr(10).join(message[:25])}", flush=True)
        # First line says what failed; for a crashed process the log's last line says why.
        summary = message[0] if message else type(exc).__name__
        if isinstance(exc, GatewayStartError) and len(message) > 1:
            summary = f"{summary.split(';')[0]}: {message[-1].strip()}"
        return Result(name, error=summary[:160]), None
    rps, p50, p99, non_2xx, sock = parse_wrk(out)
    count = re.search(r"(\d+) requests in", out)
    done = int(count[1]) if count else 0
    cpu_ms = cpu / done * 1000 if done else None
    return Result(name, rps, p50, p99, non_2xx, sock, cpu_ms=cpu_ms), answer


# --- report ---------------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:,.1f}{unit}"


def _fmt_cpu(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}ms"


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def how_run(args: argparse.Namespace) -> str:
    """How each gateway ran: every one is a single process pinned to the same gateway cpus."""
    pin = f"taskset -c {args.gateway_cpus}"
    runs = {
        "router": f"{pin} python -m router --supergraph S --listen H:P  (one process: uvicorn on"
        " uvloop + httptools, subgraph calls over an aiohttp keep-alive pool, in-flight dedupe of"
        " identical subgraph queries on as by default; ROUTER_SUBGRAPH_DEDUPE=false disables it)",
        "grafbase": f"{pin} grafbase dev --config grafbase.toml  (Grafbase CLI 0.103, the Rust"
        " gateway; subgraph URLs and SDL in grafbase.toml, other settings default)",
        "hive": f"{pin} hive-gateway supergraph S --disable-websockets  (NODE_ENV=production,"
        " one Node process: --fork default 1, other settings default)",
        "apollo": f"{pin} node scripts/apollo-gateway.mjs --supergraph S  (NODE_ENV=production,"
        " one Node process: @apollo/gateway + @apollo/server, defaults)",
    }
    names = args.gateways.split(",")
    return "\n".join(f"  {name:<7} {runs.get(name, '?')}" for name in names)


def report(results: Sequence[Result], same_answers: dict[str, bool]) -> str:
    lines = [
        f"{'gateway':<10} {'req/s':>10} {'p50':>10} {'p99':>10} {'cpu/req':>9} {'non-2xx':>8}"
        "  same data",
    ]
    for r in results:
        if r.error:
            lines.append(f"{r.gateway:<10} FAILED: {r.error}")
            continue
        lines.append(
            f"{r.gateway:<10} {_fmt(r.rps):>10} {_fmt(r.p50_ms, 'ms'):>10}"
            f" {_fmt(r.p99_ms, 'ms'):>10} {_fmt_cpu(r.cpu_ms):>9} {r.non_2xx:>8}"
            f"  {same_answers.get(r.gateway, '-')}"
            + (f"  socket errors:{r.socket_errors}" if r.socket_errors else "")
        )
    by_name = {r.gateway: r for r in results}
    ours = by_name.get("router", Result("router"))
    for ref in ("grafbase", "hive", "apollo"):
        other = by_name.get(ref, Result(ref))
        rps, p50 = _ratio(ours.rps, other.rps), _ratio(ours.p50_ms, other.p50_ms)
        p99, cpu = _ratio(ours.p99_ms, other.p99_ms), _ratio(other.cpu_ms, ours.cpu_ms)
        lines.append(
            f"ours/{ref}: req/s {rps}, p50 {p50}, p99 {p99};"
            f" requests per CPU-second {cpu} (theirs CPU/req over ours)"
        )
    return "\n".join(lines)


async def products_scenario(args: argparse.Namespace) -> int:
    body = json.dumps({"query": DEEP_QUERY, "operationName": "TestQuery"})
    results: list[Result] = []
    answers: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        directory = Path(tmp)
        script = _wrk_script(body, directory)
        async with bench_subgraphs(args.subgraph_workers, args.subgraph_cpus) as base:
            subgraphs = [SubgraphSDL(n, f"{base}/{n}", sdl) for n, sdl in SDL.items()]
            try:
                supergraph_sdl = compose(subgraphs)
            except SupergraphError as exc:
                print(f"composition failed: {exc}", file=sys.stderr)
                return 1
            supergraph = directory / "supergraph.graphql"
            supergraph.write_text(supergraph_sdl)
            write_grafbase_config(directory, [(s.name, s.url, s.sdl) for s in subgraphs])
            for name in args.gateways.split(","):
                result, answer = await bench_gateway(name, supergraph, script, body, args)
                results.append(result)
                if answer is not None:
                    answers[name] = answer
    reference = answers.get("hive") or next(iter(answers.values()), None)
    same = {name: answer == reference for name, answer in answers.items()}
    print()
    print(
        f"scenario products: deep query, {args.connections} connections, {args.threads} wrk"
        f" thread(s), {args.duration}s (warm-up {args.warmup}s); loader cpus {args.loader_cpus},"
        f" gateway cpus {args.gateway_cpus}, subgraphs cpus {args.subgraph_cpus}"
        f" x{args.subgraph_workers} workers"
    )
    print(how_run(args))
    print(report(results, same))
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    cpus = os.cpu_count() or 1
    loader_default = "0"
    gateway_default = "1" if cpus > 1 else "0"  # one core: nothing to separate
    parser = argparse.ArgumentParser(prog="python -m bench.gateways", description=__doc__)
    parser.add_argument("--scenario", choices=["products", "blog"], default="products")
    parser.add_argument("--gateways", default="router,grafbase,hive,apollo")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per gateway")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per gateway")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--loader-cpus", default=loader_default)
    parser.add_argument("--gateway-cpus", default=gateway_default)
    parser.add_argument("--subgraph-cpus", default=loader_default)
    parser.add_argument("--subgraph-workers", type=int, default=2)
    parser.add_argument("--posts", type=int, default=300, help="blog: posts to seed")
    parser.add_argument(
        "--blog-front-page",
        action="store_true",
        help="blog: every request asks the same first page (default: all pages in turn)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 300 or not 0 <= args.warmup <= 60:
        parser.error("--duration must be 1..300 and --warmup 0..60 seconds")
    unknown = set(args.gateways.split(",")) - set(GATEWAYS)
    if unknown:
        parser.error(f"unknown gateways {sorted(unknown)}; choose from {sorted(GATEWAYS)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [tool for tool in ("wrk", "taskset", "node") if shutil.which(tool) is None]
    if missing:
        print(f"missing {', '.join(missing)}: {WRK_INSTALL} (node: Node 20 + npm ci)")
        return 2
    if args.scenario == "blog":
        from bench.blog import blog_scenario

        return asyncio.run(blog_scenario(args))
    return asyncio.run(products_scenario(args))


if __name__ == "__main__":
    sys.exit(main())

"""The router's own cost of observability: the gateways benchmark's "products" scenario
(bench.gateways: four subgraphs, the deep query, wrk) against our router in four set-ups,
one after the other in one run, and the ratios to the first:

- baseline: no access log, no tracing;
- access log: `ROUTER_ACCESS_LOG=true` (one JSON line per request, as deployed);
- tracing: `OTEL_EXPORTER_OTLP_ENDPOINT` set to a local OTLP receiver in this process, every
  request sampled (a server span + one client span per subgraph fetch, exported in batches);
- both.

    python -m bench.tracing [--duration 10 --connections 50]

Figures move with the machine's load: compare the ratios of one run, not runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.gateways import (
    DEEP_QUERY,
    WRK_INSTALL,
    Result,
    _fmt,
    _ratio,
    _wrk_script,
    bench_gateway,
    bench_subgraphs,
)
from bench.gateways import parse_args as gateway_args
from bench.subgraphs import SDL
from indefinite.supergraph import SubgraphSDL, compose
from tests.support.otlp_receiver import OtlpReceiver


async def run(args: argparse.Namespace, otlp: str) -> list[tuple[str, Result, int]]:
    body = json.dumps({"query": DEEP_QUERY, "operationName": "TestQuery"})
    quiet = {"ROUTER_LOG_LEVEL": "info", "ROUTER_ACCESS_LOG": "false"}
    setups = {
        "baseline": quiet,
        "access log": {**quiet, "ROUTER_ACCESS_LOG": "true"},
        "tracing": {**quiet, "OTEL_EXPORTER_OTLP_ENDPOINT": otlp},
        "both": {"ROUTER_ACCESS_LOG": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": otlp},
    }
    results: list[tuple[str, Result, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        directory = Path(tmp)
        script = _wrk_script(body, directory)
        async with bench_subgraphs(args.subgraph_workers, args.subgraph_cpus) as base:
            supergraph = directory / "supergraph.graphql"
            supergraph.write_text(
                compose([SubgraphSDL(n, f"{base}/{n}", sdl) for n, sdl in SDL.items()])
            )
            for name, env in setups.items():
                before = len(receiver.spans)
                result, _ = await bench_gateway("router", supergraph, script, body, args, env=env)
                results.append((name, result, len(receiver.spans) - before))
    return results


def report(results: Sequence[tuple[str, Result, int]]) -> str:
    base = results[0][1]
    lines = [
        f"{'set-up':<12} {'req/s':>9} {'p50':>9} {'p99':>9} {'req/s ratio':>12} {'spans':>8}",
    ]
    for name, r, spans in results:
        lines.append(
            f"{name:<12} {_fmt(r.rps):>9} {_fmt(r.p50_ms, ' ms'):>9} {_fmt(r.p99_ms, ' ms'):>9}"
            f" {_ratio(r.rps, base.rps):>12} {spans:>8}" + (f"  {r.error}" if r.error else "")
        )
    return "\n".join(lines)


receiver = OtlpReceiver()


def main(argv: Sequence[str] | None = None) -> int:
    args = gateway_args(["--gateways", "router", *(argv or sys.argv[1:])])
    if shutil.which("wrk") is None or shutil.which("taskset") is None:
        print(f"missing wrk/taskset: {WRK_INSTALL}")
        return 2
    with receiver:
        results = asyncio.run(run(args, receiver.endpoint))
    print()
    print(
        f"router observability overhead: products scenario, {args.connections} connections,"
        f" {args.duration}s each (warm-up {args.warmup}s); loader cpus {args.loader_cpus},"
        f" router cpus {args.gateway_cpus}"
    )
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The router's own cost of observability: the gateways benchmark's "products" scenario
(bench.gateways: four subgraphs, the deep query, wrk) against our router in four set-ups,
one after the other in one run. The figure that matters is the router process's CPU time per
request (user + system over the measured run, from psutil): on a shared machine throughput
and latency move with everyone else's load, CPU per request much less. The set-ups:

- baseline: no access log, no tracing;
- access log: `ROUTER_ACCESS_LOG=true` (one JSON line per request, as deployed);
- tracing: `OTEL_EXPORTER_OTLP_ENDPOINT` set to a local OTLP receiver in this process, every
  request sampled (a server span + one client span per subgraph fetch, exported in batches);
- both.

    python -m bench.tracing [--duration 10 --connections 50]
    python -m bench.tracing --micro     # in-process: µs per server span, client span, log line

`--micro` times the pieces alone, in this process, at sampling ratios 1 and 0.01: the ASGI
server-span middleware around an empty app, one client span (the router makes one per
subgraph fetch), and one ECS log line (the access log).

Figures move with the machine's load: compare the ratios of one run, not runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from bench.gateways import (
    DEEP_QUERY,
    WRK_INSTALL,
    _check_answer,
    _wrk_script,
    bench_subgraphs,
    parse_wrk,
    run_wrk,
)
from bench.gateways import parse_args as gateway_args
from bench.subgraphs import SDL
from indefinite.supergraph import SubgraphSDL, compose
from tests.gateways import our_router
from tests.support.otlp_receiver import OtlpReceiver


@dataclass(frozen=True)
class Measured:
    setup: str
    requests: int
    rps: float
    p99_ms: float
    cpu_us_per_request: float  # the router process's user+system CPU over the measured run
    spans: int


async def measure(
    name: str, env: dict[str, str], supergraph: Path, script: Path, body: str, args: Any
) -> Measured:
    common = {"connections": args.connections, "threads": args.threads, "cpus": args.loader_cpus}
    before_spans = len(receiver.spans)
    async with our_router(supergraph, cpus=[int(args.gateway_cpus)], env=env) as router:
        await _check_answer(router, body)
        await run_wrk(router.url, script, seconds=args.warmup, **common)
        process = psutil.Process(router.pid)
        cpu = process.cpu_times()
        out = await run_wrk(router.url, script, seconds=args.duration, **common)
        after = process.cpu_times()
    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    rps, _p50, p99, _non_2xx, _sock = parse_wrk(out)
    used = (after.user - cpu.user) + (after.system - cpu.system)
    spans = len(receiver.spans) - before_spans
    return Measured(name, requests, rps, p99, used / max(requests, 1) * 1e6, spans)


async def run(args: argparse.Namespace, otlp: str) -> list[Measured]:
    body = json.dumps({"query": DEEP_QUERY, "operationName": "TestQuery"})
    quiet = {"ROUTER_ACCESS_LOG": "false"}
    setups = {
        "baseline": quiet,
        "access log": {"ROUTER_ACCESS_LOG": "true"},
        "tracing": {**quiet, "OTEL_EXPORTER_OTLP_ENDPOINT": otlp},
        "both": {"ROUTER_ACCESS_LOG": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": otlp},
    }
    results: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        directory = Path(tmp)
        script = _wrk_script(body, directory)
        async with bench_subgraphs(args.subgraph_workers, args.subgraph_cpus) as base:
            supergraph = directory / "supergraph.graphql"
            supergraph.write_text(
                compose([SubgraphSDL(n, f"{base}/{n}", sdl) for n, sdl in SDL.items()])
            )
            for name, env in setups.items():
                print(f"[{name}] measuring {args.duration}s", flush=True)
                results.append(await measure(name, env, supergraph, script, body, args))
    return results


def report(results: Sequence[Measured]) -> str:
    base = results[0]
    lines = [
        f"{'set-up':<12} {'requests':>9} {'req/s':>8} {'p99 ms':>8} {'CPU us/req':>11}"
        f" {'CPU ratio':>10} {'spans':>7}"
    ]
    for m in results:
        lines.append(
            f"{m.setup:<12} {m.requests:>9} {m.rps:>8.1f} {m.p99_ms:>8.1f}"
            f" {m.cpu_us_per_request:>11.0f}"
            f" {m.cpu_us_per_request / base.cpu_us_per_request:>9.2f}x {m.spans:>7}"
        )
    return "\n".join(lines)


receiver = OtlpReceiver()


def micro(n: int = 5000) -> str:
    """µs per piece, in this process (spans go to a batch processor with a null exporter)."""
    from opentelemetry import trace
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    from common.logging import configure_logging, get_logger

    class Null(SpanExporter):
        def export(self, spans: Any) -> SpanExportResult:
            return SpanExportResult.SUCCESS

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(_message: Any) -> None:
        pass

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(b"host", b"router")],
        "query_string": b"",
        "scheme": "http",
        "server": ("127.0.0.1", 4000),
        "client": ("127.0.0.1", 50000),
        "http_version": "1.1",
        "root_path": "",
    }

    async def per_call(handler: Any) -> float:
        started = time.perf_counter()
        for _ in range(n):
            await handler(dict(scope), receive, send)
        return (time.perf_counter() - started) / n * 1e6

    lines = []
    for ratio in (1.0, 0.01):
        provider = TracerProvider(sampler=ParentBased(TraceIdRatioBased(ratio)))
        provider.add_span_processor(BatchSpanProcessor(Null()))
        wrapped = OpenTelemetryMiddleware(
            app, exclude_spans=["receive", "send"], tracer_provider=provider
        )
        asyncio.run(per_call(wrapped))  # warm-up
        server = asyncio.run(per_call(wrapped)) - asyncio.run(per_call(app))
        tracer = provider.get_tracer("bench")
        started = time.perf_counter()
        for _ in range(n):
            with tracer.start_as_current_span("POST", kind=trace.SpanKind.CLIENT):
                pass
        client = (time.perf_counter() - started) / n * 1e6
        provider.shutdown()
        lines.append(
            f"sampling {ratio:<5} server span {server:6.0f} us   client span {client:5.0f} us"
        )
    configure_logging("router", json=True)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    log = get_logger("router.http.graphql")
    started = time.perf_counter()
    for _ in range(n):
        log.info("graphql request", operation_name="TestQuery", duration_ms=1.23)
    lines.append(f"one ECS access-log line {(time.perf_counter() - started) / n * 1e6:6.0f} us")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    given = list(argv if argv is not None else sys.argv[1:])
    if "--micro" in given:
        print(micro())
        return 0
    args = gateway_args(["--gateways", "router", *given])
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

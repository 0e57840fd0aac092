"""Hostile documents against our router: how fast they are refused, how the others fare meanwhile.

    python -m bench.fanout                      # 10 s per phase, 8 ordinary clients
    python -m bench.fanout --duration 20 --clients 16 --hostile 4

The router (``python -m router``, pinned to its own core) serves the gateways benchmark's
subgraphs (bench/subgraphs.py, another process). Ordinary clients loop on a small query; in
each phase ``--hostile`` more clients loop on one kind of document, each time a new text (so
no cache helps):

- ``baseline``   nothing hostile;
- ``fan-out``    30 fragments each spreading the next twice (2^30 fields once expanded);
- ``heaviest``   the most expensive document the default limits let through that we know of:
                 repeated same-key field chains, which graphql-core's overlapping-fields rule
                 compares pairwise (quadratic) and the planner then walks.

Prints, per phase: five hostile documents sent alone first (time to answer on a quiet router),
then under load the hostile answers (time to answer p50 / p99 / max, and the codes) and the
ordinary requests (count, p50 / p99 / max, failures). Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.gateways import bench_subgraphs
from bench.subgraphs import SDL
from indefinite.supergraph import SubgraphSDL, compose
from tests.gateways import our_router

ORDINARY: dict[str, object] = {
    "query": "query Ordinary { topProducts { upc name price reviews { id body } } }"
}


def fan_out(serial: int, levels: int = 30) -> str:
    lines = [f"# {serial}", "query FanOut { ...F0 }"]
    lines += [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    lines.append(f"fragment F{levels} on Query {{ __typename }}")
    return "\n".join(lines)


def heaviest(serial: int, repeats: int = 45) -> str:
    """Same-key subtrees of 11 fields, 45 times: 496 fields (default limit 500), cost 1,351."""
    chain = "reviews { product { upc name price weight inStock } author { id username name } }"
    return (
        f"# {serial}\nquery Heavy {{ topProducts(first: 1) {{ {' '.join([chain] * repeats)} }} }}"
    )


PHASES: dict[str, Callable[[int], str] | None] = {
    "baseline": None,
    "fan-out": fan_out,
    "heaviest": heaviest,
}


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    codes: Counter[str] = field(default_factory=Counter)
    failures: int = 0

    def line(self, label: str) -> str:
        if not self.seconds:
            return f"  {label:<9} none"
        ms = sorted(s * 1000 for s in self.seconds)
        p50 = statistics.median(ms)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        codes = ", ".join(f"{code} x{n}" for code, n in self.codes.most_common(3))
        return (
            f"  {label:<9} n={len(ms):<6} p50 {p50:8.1f} ms  p99 {p99:8.1f} ms"
            f"  max {ms[-1]:8.1f} ms  failures {self.failures}" + (f"  [{codes}]" if codes else "")
        )


async def _loop(
    client: httpx.AsyncClient,
    url: str,
    body: Callable[[int], dict[str, object]],
    until: float,
    samples: Samples,
    serials: itertools.count[int],
) -> None:
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            response = await client.post(url, json=body(next(serials)))
            answer = response.json()
        except (httpx.HTTPError, ValueError):
            samples.failures += 1
            continue
        samples.seconds.append(time.perf_counter() - start)
        errors = answer.get("errors") or ()
        for error in errors[:1]:
            samples.codes[str((error.get("extensions") or {}).get("code"))] += 1
        if response.status_code != 200 or ("data" not in answer and body is _ordinary):
            samples.failures += 1


def _ordinary(_serial: int) -> dict[str, object]:
    return ORDINARY


async def phase(
    url: str, document: Callable[[int], str] | None, args: argparse.Namespace
) -> tuple[Samples, Samples, Samples]:
    ordinary, hostile, alone = Samples(), Samples(), Samples()
    serials = itertools.count()
    limits = httpx.Limits(max_connections=args.clients + args.hostile + 2)
    async with httpx.AsyncClient(timeout=120, limits=limits, trust_env=False) as client:
        await _loop(client, url, _ordinary, time.monotonic() + 1, Samples(), serials)  # warm
        if document is not None:  # one alone first: the time to answer it on a quiet router
            for _ in range(5):
                start = time.perf_counter()
                await client.post(url, json={"query": document(next(serials))})
                alone.seconds.append(time.perf_counter() - start)
        until = time.monotonic() + args.duration
        tasks = [
            _loop(client, url, _ordinary, until, ordinary, serials) for _ in range(args.clients)
        ]
        if document is not None:
            make = document

            def body(serial: int) -> dict[str, object]:
                return {"query": make(serial)}

            tasks += [
                _loop(client, url, body, until, hostile, serials) for _ in range(args.hostile)
            ]
        await asyncio.gather(*tasks)
    return ordinary, hostile, alone


async def run(args: argparse.Namespace) -> int:
    async with bench_subgraphs(args.subgraph_workers, args.subgraph_cpus) as base:
        subgraphs = [SubgraphSDL(n, f"{base}/{n}", sdl) for n, sdl in SDL.items()]
        with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
            supergraph = Path(tmp) / "supergraph.graphql"
            supergraph.write_text(compose(subgraphs))
            env = {"ROUTER_LOG_LEVEL": "warning"}
            cpus = [int(c) for c in args.router_cpus.split(",")]
            async with our_router(supergraph, env=env, cpus=cpus) as router:
                print(
                    f"router cpus {args.router_cpus}; {args.clients} ordinary clients,"
                    f" {args.hostile} hostile; {args.duration}s per phase",
                    flush=True,
                )
                for name in args.phases.split(","):
                    ordinary, hostile, alone = await phase(router.url, PHASES[name], args)
                    print(f"{name}:")
                    if PHASES[name] is not None:
                        print(alone.line("alone"))
                        print(hostile.line("hostile"))
                    print(ordinary.line("ordinary"), flush=True)
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per phase")
    parser.add_argument("--clients", type=int, default=8, help="ordinary clients")
    parser.add_argument("--hostile", type=int, default=2, help="hostile clients")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--router-cpus", default="1" if cpus > 1 else "0")
    parser.add_argument("--subgraph-cpus", default="0")
    parser.add_argument("--subgraph-workers", type=int, default=1)
    args = parser.parse_args(argv)
    unknown = set(args.phases.split(",")) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases {sorted(unknown)}; choose from {sorted(PHASES)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    return asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())

"""The router's own CPU per deep query, in process, without sockets: repeatable on a busy host.

    python -m bench.router_cpu [--requests 300] [--profile]
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        --zero-before=time_process_time --dump-before=time_thread_time \\
        python -m bench.router_cpu --requests 20 --warmup 5   # instructions, not seconds

The gateways benchmark (bench/gateways.py) measures from outside, but on a shared machine its
req/s move with the neighbours' load. This script runs the same deep query of the products
scenario through ``Pipeline.execute`` and the HTTP layer's serialization, with a fetcher that
encodes each subgraph request and decodes the subgraph's answer bytes exactly as
``HttpSubgraphFetcher`` does, the answers coming from bench/subgraphs.py's own resolvers
(computed once, then replayed). What is left out: sockets, HTTP parsing, aiohttp. It prints
CPU microseconds per request (process time, so others' load moves it little) and, with
``--profile``, the functions that spend it (cProfile, sorted by own time). Under callgrind
(the command above) the dump taken at ``time.thread_time`` counts the measured requests
only: divide its instructions by ``--requests`` (a few minutes: callgrind is slow to import).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from bench.gateways import DEEP_QUERY
from bench.subgraphs import SDL, _answer
from indefinite.supergraph import SubgraphSDL, compose
from router.http.responses import graphql_response
from router.pipeline import GraphQLRequest, Pipeline
from router.supergraph.loader import load_supergraph

__all__ = ["ReplayFetcher", "main"]


class ReplayFetcher:
    """Answers each subgraph request from bench/subgraphs.py's resolvers, memoized by body."""

    def __init__(self) -> None:
        self._answers: dict[tuple[str, bytes], bytes] = {}

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        payload = orjson.dumps(body)
        key = (subgraph, payload)
        raw = self._answers.get(key)
        if raw is None:
            raw = self._answers[key] = _answer(subgraph, orjson.loads(payload))
        data: dict[str, Any] = orjson.loads(raw)
        return data

    async def aclose(self) -> None:
        return None


def pipeline() -> Pipeline:
    subgraphs = [SubgraphSDL(name, f"http://127.0.0.1:1/{name}", sdl) for name, sdl in SDL.items()]
    return Pipeline(load_supergraph(compose(subgraphs)), ReplayFetcher())


async def run(engine: Pipeline, requests: int) -> int:
    """Executes and serializes the deep query ``requests`` times; returns the body size."""
    request = GraphQLRequest(DEEP_QUERY, None, "TestQuery")
    size = 0
    for _ in range(requests):
        outcome = await engine.execute(request, headers={})
        response = graphql_response(outcome.response, media_type="application/json")
        size = len(response.body)
    return size


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.router_cpu", description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile, top 25 by own time")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    engine = pipeline()
    size = asyncio.run(run(engine, args.warmup))
    profiler = cProfile.Profile() if args.profile else None
    start = time.process_time()
    if profiler is not None:
        profiler.enable()
    asyncio.run(run(engine, args.requests))
    if profiler is not None:
        profiler.disable()
    time.thread_time()  # marks the end of the measured part for callgrind's --dump-before
    cpu = time.process_time() - start
    print(
        f"deep query, {size:,} bytes answered: {cpu / args.requests * 1e6:,.0f} us CPU per request"
        f" over {args.requests} (in process, no sockets{', profiled' if profiler else ''})"
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())

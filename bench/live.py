"""GraphQL subscriptions through the router (prints figures).

    .venv/bin/python -m bench.live [--subscribers 200] [--events 50]

The router's test stack on loopback (tests/router/subscriptions: a ``live`` subgraph owning
``Subscription.ticks``, a ``people`` subgraph owning ``User.name``; uvicorn, in this process
with the clients, so absolute figures include the clients' own work). For each scenario,
``--subscribers`` graphql-transport-ws clients subscribe, then ``--events`` events are emitted
one at a time; each is timed from the emit until the last subscriber received it.

    direct      the clients subscribe to the ``live`` subgraph itself (Strawberry), no router
    router      the same selection through the router (one subgraph socket per subscription)
    router+1    through the router, each event also resolving ``user.name`` from ``people``
                (one _entities fetch per event per subscription)

Prints p50 / p99 of emit -> last delivery, deliveries per second, and each router scenario's
ratio to ``direct`` measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import Sequence

import aiohttp

from tests.router.subscriptions.harness import Stack, start_stack
from tests.support.live import receive, subscribe, ws_connection
from tests.support.redis_server import redis_server

PLAIN = 'subscription { ticks(user: "1") { n user { id } } }'
WITH_NAME = 'subscription { ticks(user: "1") { n user { id name } } }'


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def scenario(
    stack: Stack, url: str, query: str, subscribers: int, events: int
) -> tuple[list[float], float]:
    """Per-event emit -> last delivery times (s), and the wall time of all events."""
    async with contextlib.AsyncExitStack() as exits:
        sockets: list[aiohttp.ClientWebSocketResponse] = []
        for i in range(subscribers):
            ws = await exits.enter_async_context(ws_connection(url))
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, str(i), query, {})
            sockets.append(ws)
        await stack.emit_until_heard(0, listeners=subscribers, within=60)
        for ws in sockets:  # the events that opened the scenario
            while (await receive(ws))["payload"]["data"]["ticks"]["n"] != 0:
                pass
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(0.5):  # drain repeated 0s
                await asyncio.gather(*(drain(ws) for ws in sockets))
        times: list[float] = []
        start = time.perf_counter()
        for n in range(1, events + 1):
            t0 = time.perf_counter()
            await stack.emit_until_heard(n, listeners=subscribers)
            await asyncio.gather(*(until(ws, n) for ws in sockets))
            times.append(time.perf_counter() - t0)
        return times, time.perf_counter() - start


async def drain(ws: aiohttp.ClientWebSocketResponse) -> None:
    while True:
        await ws.receive()


async def until(ws: aiohttp.ClientWebSocketResponse, n: int) -> None:
    while True:
        message = await receive(ws)
        if message.get("type") == "next" and message["payload"]["data"]["ticks"]["n"] == n:
            return
        if message.get("type") != "next":
            raise AssertionError(message)


async def main(subscribers: int, events: int) -> None:
    async with (
        redis_server() as redis,
        start_stack(redis=redis.url, max_connections_per_client=subscribers * 2) as stack,
    ):
        direct_url = stack.live.url.replace("http://", "ws://") + "/graphql"
        rows = []
        for name, url, query in (
            ("direct", direct_url, PLAIN),
            ("router", stack.ws, PLAIN),
            ("router+1", stack.ws, WITH_NAME),
        ):
            print(f"{name}: opening {subscribers} subscriptions", flush=True)
            times, wall = await scenario(stack, url, query, subscribers, events)
            rows.append((name, times, wall))
        print(f"{subscribers} subscribers, {events} events each (one machine, clients in-process)")
        base = None
        for name, times, wall in rows:
            p50, p99 = percentile(times, 0.5), percentile(times, 0.99)
            rate = subscribers * events / wall
            base = base or p50
            print(
                f"{name:9} emit->last p50 {p50 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
                f"{rate:8.0f} deliveries/s  p50 x{p50 / base:.2f} of direct"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.subscribers, args.events))

"""Feed figures (not a test): read latency of a 20-item page at the subgraph (GraphQL over HTTP)
with a few thousand published posts loaded, and publish-to-visible latency (publish through
posts' GraphQL, poll the feed's GraphQL until the post is on the first page).

    .venv/bin/python -m bench.feed [--posts 3000] [--reads 2000] [--publishes 50]

Runs the real stack in-process as the tests do (tansu, PostgreSQL, Redis; see tests/feed)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import shutil
import socket
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import common.service
from subgraphs.feed import models
from tests.feed.conftest import Stack, feed_stack

PAGE = "query { feed(first: 20) { edges { cursor node { id topic authorLogin commentCount "
PAGE += "tags { id name } publishedAt } } pageInfo { hasNextPage endCursor } } }"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def line(name: str, values: list[float]) -> str:
    return (
        f"{name}: n={len(values)} p50={percentile(values, 0.5):.2f} ms "
        f"p99={percentile(values, 0.99):.2f} ms mean={statistics.fmean(values):.2f} ms"
    )


async def load(stack: Stack, count: int) -> None:
    """Synthetic published cards through the store's own write path (events' shape)."""
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    authors = [str(uuid.uuid4()) for _ in range(50)]
    for n in range(count):
        at = (base + dt.timedelta(seconds=n)).isoformat()
        post_id = str(uuid.uuid4())
        payload: dict[str, object] = {
            "post_id": post_id,
            "author_id": authors[n % len(authors)],
            "topic": f"Bench post {n}",
            "slug": f"bench-post-{n}",
            "preview_text": "A preview of a reasonable length for a card on the front page.",
            "state": "PUBLISHED",
            "tags": [{"id": 1 + n % 7, "name": f"tag{n % 7}"}],
            "published_at": at,
            "updated_at": at,
        }
        await stack.store.apply_post(
            post_id, models.card_fields(payload), models.micros(at), event_id=None
        )


async def reads(stack: Stack, count: int) -> list[float]:
    timings: list[float] = []
    for n in range(count + 50):
        started = time.perf_counter()
        response = await stack.http.post(stack.feed.graphql_url, json={"query": PAGE})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200
        assert len(response.json()["data"]["feed"]["edges"]) == 20
        if n >= 50:  # warm-up
            timings.append(elapsed)
    return timings


async def wrk(stack: Stack, seconds: int = 5) -> str:
    """The same page read by wrk (one connection, out of process): the figure without the
    in-process client's overhead. Empty when wrk is not installed."""
    if shutil.which("wrk") is None:
        return ""
    script = Path(tempfile.mkdtemp()) / "page.lua"
    body = json.dumps({"query": PAGE})
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body)}\n"
    )
    process = await asyncio.create_subprocess_exec(
        "wrk",
        "-t1",
        "-c1",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(script),
        stack.feed.graphql_url,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return out.decode()


async def publishes(stack: Stack, count: int) -> list[float]:
    author = await stack.author()
    timings: list[float] = []
    for _ in range(count):
        post_id = await stack.create_post(author)
        started = time.perf_counter()
        await stack.posts_call(
            "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
            {"id": post_id},
            author.headers,
        )
        while True:
            response = await stack.http.post(
                stack.feed.graphql_url, json={"query": "query { feed(first: 1) { nodes { id } } }"}
            )
            nodes = response.json()["data"]["feed"]["nodes"]
            if nodes and nodes[0]["id"] == post_id:
                break
            await asyncio.sleep(0.002)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def main(posts: int, read_count: int, publish_count: int) -> None:
    async with feed_stack() as stack:
        started = time.perf_counter()
        await load(stack, posts)
        print(f"loaded {posts} cards in {time.perf_counter() - started:.1f} s")
        print(
            line(
                "read 20-item page (GraphQL over HTTP at the subgraph)",
                await reads(stack, read_count),
            )
        )
        print("wrk, 1 connection:\n" + await wrk(stack))
        # the consumer has joined by now (the first publication waits for the group join)
        await publishes(stack, 3)
        print(
            line(
                "publish-to-visible (posts GraphQL -> feed GraphQL)",
                await publishes(stack, publish_count),
            )
        )


def nodelay_bind(host: str, port: int) -> socket.socket:
    """common.service._bind with IPPROTO_TCP: asyncio sets TCP_NODELAY only on sockets whose
    proto is IPPROTO_TCP, and `socket.socket(AF_INET, SOCK_STREAM)` has proto 0, so every
    response of every service now waits ~40 ms for Nagle + delayed ACK (measured: /healthz p50
    44 ms as is, 0.11 ms with this). The fix belongs in common/service.py; --nodelay shows it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.feed")
    parser.add_argument("--nodelay", action="store_true", help="serve with TCP_NODELAY (see above)")
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--publishes", type=int, default=50)
    args = parser.parse_args()
    if args.nodelay:
        common.service._bind = nodelay_bind
    asyncio.run(main(args.posts, args.reads, args.publishes))

"""Feed read latency as deployed (not a test): 3,000 published cards in Redis, the feed service
alone in its own process (`python -m subgraphs.feed`, consumer off) on one core, and wrk on the
other reading a 20-item page over GraphQL/HTTP with one connection.

    .venv/bin/python -m bench.feed_service [--cards 3000] [--seconds 10]

bench/feed.py measures the same page from inside the test harness, where every service shares
one event loop; this is the figure the read-latency goal is about. Needs wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

import httpx
from redis.asyncio import Redis

from bench.feed import PAGE
from subgraphs.feed import models
from subgraphs.feed.service import FeedStore
from tests.support.stores import REDIS_BASE


async def load(redis_url: str, cards: int) -> None:
    """Published cards through the store's own write path (the events' shape)."""
    redis: Redis = Redis.from_url(redis_url, decode_responses=True)
    await redis.flushdb()
    store = FeedStore(redis)
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    authors = [str(uuid.uuid4()) for _ in range(50)]
    for n in range(cards):
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
        await store.apply_post(
            post_id, models.card_fields(payload), models.micros(at), event_id=None
        )
    await redis.aclose()


def wait_until_serving(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = httpx.post(url, json={"query": PAGE}, timeout=1.0).json()
            if len(body["data"]["feed"]["edges"]) == 20:
                return
        except (httpx.HTTPError, KeyError, TypeError, ValueError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"the feed did not serve a 20-item page at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--port", type=int, default=4904)
    args = parser.parse_args()
    redis_url = f"{REDIS_BASE}/14"
    asyncio.run(load(redis_url, args.cards))
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "FEED_CONSUME": "false",
        "KAFKA_BOOTSTRAP_SERVERS": "",
        "HTTP_PORT": str(args.port),
        "GRPC_PORT": str(args.port + 46000),
        "LOG_LEVEL": "WARNING",
    }
    url = f"http://127.0.0.1:{args.port}/graphql"
    service = subprocess.Popen(
        ["taskset", "-c", "1", sys.executable, "-m", "subgraphs.feed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_serving(url)
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
            script.write(f"wrk.body = [[{json.dumps({'query': PAGE})}]]\n")
            script.flush()
            wrk = ["taskset", "-c", "0", "wrk", "-t1", "-c1", "--latency", "-s", script.name]
            subprocess.run([*wrk, "-d3s", url], capture_output=True, check=True)  # warm-up
            out = subprocess.run(
                [*wrk, f"-d{args.seconds}s", url], capture_output=True, text=True, check=True
            ).stdout
        print(f"feed service alone, {args.cards} cards, 20-item page, wrk 1 connection:")
        print("\n".join(line for line in out.splitlines() if "%" in line or "Requests/sec" in line))
    finally:
        service.terminate()
        service.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

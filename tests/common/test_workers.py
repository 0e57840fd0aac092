"""A service with WORKERS=2 (common/workers.py): two worker processes answer on one port, and
`/metrics`, whichever worker answers it, counts the requests both served."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import httpx
import psutil

from common.workers import WORKER_ENV
from tests.gateways import free_port
from tests.support.polling import eventually
from tests.support.stores import redis_url

ROOT = Path(__file__).resolve().parents[2]
PAGE = {"query": "{ feed(first: 2) { edges { node { id } } } }"}
SERVED = re.compile(
    r'^indefinite_http_requests_total\{path="/graphql",service="feed",status="200"\} (\S+)$', re.M
)


def feed_env(metrics_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != WORKER_ENV}
    env.update(
        WORKERS="2",
        ENVIRONMENT="test",
        HTTP_PORT=str(free_port()),
        GRPC_PORT=str(free_port()),
        REDIS_URL=redis_url(),
        KAFKA_BOOTSTRAP_SERVERS="",
        FEED_GENERATION_CHECK_SECONDS="0",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        LOG_JSON="false",
        LOG_LEVEL="WARNING",
    )
    return env


def counter_pids(metrics_dir: Path) -> set[str]:
    """The processes that wrote counters (prometheus-client names files counter_<pid>.db)."""
    return {p.stem.rsplit("_", 1)[-1] for p in metrics_dir.glob("counter_*.db")}


async def test_two_workers_share_the_port_and_metrics_sum_them(tmp_path: Path) -> None:
    env = feed_env(tmp_path)
    base = f"http://127.0.0.1:{env['HTTP_PORT']}"
    parent = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "subgraphs.feed", env=env, cwd=ROOT, start_new_session=True
    )
    sent = 0
    # a new connection per request: SO_REUSEPORT spreads connections, not requests
    limits = httpx.Limits(max_keepalive_connections=0)
    try:
        async with httpx.AsyncClient(limits=limits, trust_env=False, timeout=10) as http:

            async def both_served() -> bool:
                nonlocal sent
                try:
                    response = await http.post(f"{base}/graphql", json=PAGE)
                except httpx.TransportError:
                    return False  # not listening yet
                assert response.status_code == 200, response.text
                assert "edges" in response.json()["data"]["feed"], response.text
                sent += 1
                return len(counter_pids(tmp_path)) >= 2

            await eventually(both_served, within=60.0, interval=0.02, what="both workers serve")
            workers = psutil.Process(parent.pid).children()
            assert len(workers) == 2
            assert counter_pids(tmp_path) == {str(w.pid) for w in workers}
            for _ in range(3):  # any worker answers /metrics with the sum of both
                found = SERVED.search((await http.get(f"{base}/metrics")).text)
                assert found is not None
                assert float(found[1]) == sent
    finally:
        os.killpg(parent.pid, signal.SIGTERM)
        assert await asyncio.wait_for(parent.wait(), 30) == 0

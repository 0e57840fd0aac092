"""A service with WORKERS=2, and the router with ROUTER_WORKERS=2 (common/workers.py): two worker
processes answer on one port, and `/metrics`, whichever worker answers it, counts the requests
both served (prometheus-client's multiprocess mode)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from common.workers import WORKER_ENV
from tests.gateways import free_port
from tests.support.polling import eventually
from tests.support.stores import redis_url

ROOT = Path(__file__).resolve().parents[2]
FEED_SERVED = re.compile(
    r'^indefinite_http_requests_total\{path="/graphql",service="feed",status="200"\} (\S+)$', re.M
)
ROUTER_SERVED = re.compile(
    r'^router_requests_total\{has_errors="false",operation_name="",operation_type="query"\} (\S+)$',
    re.M,
)


def feed(
    metrics_dir: Path,
) -> tuple[list[str], dict[str, str], int, dict[str, Any], re.Pattern[str]]:
    port = free_port()
    env = {
        "WORKERS": "2",
        "ENVIRONMENT": "test",
        "HTTP_PORT": str(port),
        "GRPC_PORT": str(free_port()),
        "REDIS_URL": redis_url(),
        "KAFKA_BOOTSTRAP_SERVERS": "",
        "FEED_GENERATION_CHECK_SECONDS": "0",
    }
    query = {"query": "{ feed(first: 2) { edges { node { id } } } }"}
    return ["-m", "subgraphs.feed"], env, port, query, FEED_SERVED


def router(
    metrics_dir: Path,
) -> tuple[list[str], dict[str, str], int, dict[str, Any], re.Pattern[str]]:
    port = free_port()
    argv = ["-m", "router", "--supergraph", str(ROOT / "supergraph.graphql")]
    argv += ["--listen", f"127.0.0.1:{port}"]
    env = {"ROUTER_WORKERS": "2", "ENVIRONMENT": "test", "ROUTER_LOG_LEVEL": "warning"}
    return argv, env, port, {"query": "{ __typename }"}, ROUTER_SERVED


def counter_pids(metrics_dir: Path) -> set[str]:
    """The processes that wrote counters (prometheus-client names files counter_<pid>.db)."""
    return {p.stem.rsplit("_", 1)[-1] for p in metrics_dir.glob("counter_*.db")}


@pytest.mark.parametrize("program", [feed, router])
async def test_two_workers_share_the_port_and_metrics_sum_them(
    tmp_path: Path, program: Any
) -> None:
    argv, extra, port, query, served = program(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != WORKER_ENV}
    env.update(extra, PROMETHEUS_MULTIPROC_DIR=str(tmp_path), LOG_JSON="false", LOG_LEVEL="WARNING")
    base = f"http://127.0.0.1:{port}"
    parent = await asyncio.create_subprocess_exec(
        sys.executable, *argv, env=env, cwd=ROOT, start_new_session=True
    )
    sent = 0
    # a new connection per request: SO_REUSEPORT spreads connections, not requests
    limits = httpx.Limits(max_keepalive_connections=0)
    try:
        async with httpx.AsyncClient(limits=limits, trust_env=False, timeout=10) as http:

            async def both_served() -> bool:
                nonlocal sent
                try:
                    response = await http.post(f"{base}/graphql", json=query)
                except httpx.TransportError:
                    return False  # not listening yet
                assert response.status_code == 200, response.text
                assert "errors" not in response.json(), response.text
                sent += 1
                return len(counter_pids(tmp_path)) >= 2

            await eventually(both_served, within=60.0, interval=0.02, what="both workers serve")
            workers = psutil.Process(parent.pid).children()
            assert len(workers) == 2
            assert counter_pids(tmp_path) == {str(w.pid) for w in workers}
            for _ in range(3):  # any worker answers /metrics with the sum of both
                found = served.search((await http.get(f"{base}/metrics")).text)
                assert found is not None
                assert float(found[1]) == sent
    finally:
        os.killpg(parent.pid, signal.SIGTERM)
        assert await asyncio.wait_for(parent.wait(), 30) == 0

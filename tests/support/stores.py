"""Real stores for tests: a fresh PostgreSQL database per use and a Redis database per xdist
worker, on the servers at TEST_DATABASE_URL / TEST_REDIS_URL (loopback defaults)."""

from __future__ import annotations

import os
import uuid

from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
REDIS_BASE = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker.removeprefix("gw") or 0)


def fresh_database_url(service: str) -> str:
    """A database name nobody else uses (created by the service's migrations on start)."""
    name = f"test_{service}_{worker_index()}_{uuid.uuid4().hex[:10]}"
    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def redis_url() -> str:
    return f"{REDIS_BASE}/{1 + worker_index() % 15}"

"""Async PostgreSQL access: one database per service, SQLAlchemy 2 async sessions over asyncpg.

Each service declares its tables on its own `DeclarativeBase` (so its metadata and migrations
hold only its tables) and opens a `Database` from its `DATABASE_URL`.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def async_url(url: str) -> str:
    """Accept `postgresql://` URLs too (as Compose and operators write them)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed.render_as_string(hide_password=False)


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = async_url(url)
        self.engine: AsyncEngine = create_async_engine(
            self.url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, echo=echo
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.capacity = pool_size * 2  # pool_size + max_overflow
        _POOLS.add(self)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits on success and rolls back on any exception."""
        async with self.sessions() as session, session.begin():
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()


async def ensure_database(url: str) -> None:
    """Create the service's database if the server lacks it (dev runs and tests)."""
    target = make_url(async_url(url))
    name = target.database
    if not name:
        return
    admin = create_async_engine(
        target.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            )
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()


async def drop_database(url: str) -> None:
    target = make_url(async_url(url))
    admin = create_async_engine(
        target.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    finally:
        await admin.dispose()


class _PoolCollector(Collector):
    """`indefinite_db_pool_connections_in_use` and `_capacity` per database, read at scrape
    time from each live `Database`'s pool (saturation = in use / capacity)."""

    def collect(self) -> Iterator[Metric]:
        in_use = GaugeMetricFamily(
            "indefinite_db_pool_connections_in_use",
            "Connections checked out of the pool",
            labels=["database"],
        )
        capacity = GaugeMetricFamily(
            "indefinite_db_pool_connections_capacity",
            "Most connections the pool opens (pool size + overflow)",
            labels=["database"],
        )
        totals: dict[str, list[float]] = {}
        for db in list(_POOLS):
            name = make_url(db.url).database or "?"
            checked_out = getattr(db.engine.pool, "checkedout", None)
            total = totals.setdefault(name, [0.0, 0.0])
            total[0] += float(checked_out() if checked_out else 0)
            total[1] += float(db.capacity)
        for name, (used, most) in sorted(totals.items()):
            in_use.add_metric([name], used)
            capacity.add_metric([name], most)
        yield in_use
        yield capacity


_POOLS: weakref.WeakSet[Database] = weakref.WeakSet()
REGISTRY.register(_PoolCollector())

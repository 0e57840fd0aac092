"""Alembic migrations, applied on start and by `python -m <service> migrate`.

Every service keeps its revisions in `subgraphs/<service>/migrations/`; its `env.py` is one call
to `run_alembic_env(metadata)`. Upgrades take a PostgreSQL advisory lock, so replicas that start
together migrate once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from common.db import async_url, ensure_database

_LOCK_KEY = 0x1DEF_1417


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", async_url(database_url).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


async def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    await ensure_database(database_url)
    cfg = alembic_config(migrations_dir, database_url)
    await asyncio.to_thread(command.upgrade, cfg, revision)


def run_alembic_env(metadata: MetaData) -> None:
    """The body of every service's migrations/env.py (online mode, async engine)."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def run(connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
        try:
            context.configure(connection=connection, target_metadata=metadata)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})

    async def main() -> None:
        engine = create_async_engine(str(url), poolclass=pool.NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(run)
            await conn.commit()
        await engine.dispose()

    asyncio.run(main())

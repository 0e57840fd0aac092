"""Migrations from an empty database: `python -m subgraphs.posts migrate` creates the database and
every table, is idempotent, matches the models exactly, and downgrades cleanly."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from common.db import async_url, drop_database
from common.migrations import alembic_config, upgrade
from subgraphs.posts.app import MIGRATIONS
from subgraphs.posts.models import Base
from tests.support.stores import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "posts",
    "tags",
    "post_tags",
    "comments",
    "trusted_authors",
    "bookmarks",
    "reactions",
    "reaction_rate",
    "outbox",
    "alembic_version",
}


@pytest.fixture
async def empty_database() -> AsyncIterator[str]:
    url = fresh_database_url("posts_migrations")
    yield url
    await drop_database(url)


async def inspect_db(url: str) -> dict[str, Any]:
    engine = create_async_engine(async_url(url))

    def read(conn: Connection) -> dict[str, Any]:
        inspector = inspect(conn)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        return {"tables": set(inspector.get_table_names()), "version": version, "diff": diff}

    try:
        async with engine.connect() as conn:
            return await conn.run_sync(read)
    finally:
        await engine.dispose()


def head() -> str:
    revision = ScriptDirectory.from_config(
        alembic_config(MIGRATIONS, "postgresql://x/y")
    ).get_current_head()
    assert revision is not None
    return revision


async def test_migrate_command_on_an_empty_database(empty_database: str) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database, "LOG_JSON": "false"}
    for _ in range(2):  # the second run finds nothing to do
        proc = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "subgraphs.posts", "migrate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr + proc.stdout
    state = await inspect_db(empty_database)
    assert state["tables"] == TABLES
    assert state["version"] == head()
    assert state["diff"] == []  # the migration builds exactly what models.py declares


async def test_downgrade_then_upgrade(empty_database: str) -> None:
    await upgrade(MIGRATIONS, empty_database)
    config = alembic_config(MIGRATIONS, empty_database)
    await asyncio.to_thread(command.downgrade, config, "base")
    engine = create_async_engine(async_url(empty_database))
    try:
        async with engine.connect() as conn:
            left = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert left == {"alembic_version"}
    await upgrade(MIGRATIONS, empty_database)
    assert (await inspect_db(empty_database))["tables"] == TABLES

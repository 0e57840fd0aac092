"""Migrations from an empty database: `python -m subgraphs.profiles migrate`, then a service
that does not migrate on start serves from the result; and they downgrade cleanly."""

from __future__ import annotations

import asyncio
import os
import sys

from alembic import command
from sqlalchemy import text

from common.auth import Role
from common.db import Database, drop_database
from common.migrations import alembic_config, upgrade
from subgraphs.profiles.app import MIGRATIONS_DIR
from tests.profiles.support import gql, profiles_service
from tests.support.stores import fresh_database_url
from tests.support.tokens import SigningKeys


async def tables_and_indexes(url: str) -> tuple[set[str], set[str]]:
    db = Database(url, pool_size=1)
    try:
        async with db.session() as session:
            tables = await session.scalars(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
            indexes = await session.scalars(
                text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            )
            return set(tables), set(indexes)
    finally:
        await db.close()


async def test_migrate_command_builds_an_empty_database(keys: SigningKeys) -> None:
    url = fresh_database_url("profiles")
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "subgraphs.profiles",
            "migrate",
            env={**os.environ, "DATABASE_URL": url, "LOG_JSON": "false"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await proc.communicate()
        assert proc.returncode == 0, output.decode()
        tables, indexes = await tables_and_indexes(url)
        assert {"profiles", "phone_numbers", "outbox", "alembic_version"} <= tables
        assert {"profiles_login_lower_key", "profiles_created_at_user_id"} <= indexes

        async with profiles_service(keys, database_url=url, migrate=False) as profiles:
            body = await gql(
                profiles, "{ users { edges { cursor } } }", token=keys.mint(role=Role.OWNER)
            )
            assert body == {"data": {"users": {"edges": []}}}
    finally:
        await drop_database(url)  # IF EXISTS: profiles_service dropped it already


async def test_migrations_downgrade_to_nothing_and_upgrade_again() -> None:
    url = fresh_database_url("profiles")
    cfg = alembic_config(MIGRATIONS_DIR, url)
    try:
        await upgrade(MIGRATIONS_DIR, url)
        await asyncio.to_thread(command.downgrade, cfg, "base")
        tables, _ = await tables_and_indexes(url)
        assert tables == {"alembic_version"}
        await upgrade(MIGRATIONS_DIR, url)
        tables, _ = await tables_and_indexes(url)
        assert {"profiles", "phone_numbers", "outbox"} <= tables
    finally:
        await drop_database(url)

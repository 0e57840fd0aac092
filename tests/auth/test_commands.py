"""Migrations from an empty database, the create-owner command, and sign-up's compensation
when the account cannot be committed after profiles made the profile."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text

from common.db import Database, drop_database
from common.errors import BadUserInput
from common.migrations import alembic_config
from indefinite.dev import create_first_owner
from subgraphs.auth.app import MIGRATIONS, create_owner
from subgraphs.auth.models import Account
from subgraphs.auth.settings import Settings
from tests.auth.support import (
    PASSWORD,
    SIGN_UP,
    Auth,
    auth_service,
    cheap_settings,
    error_code,
    unique_email,
    unique_login,
)
from tests.profiles.support import Profiles
from tests.support.stores import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
CHEAP_ENV = {
    "ENVIRONMENT": "test",
    "LOG_JSON": "false",
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST_KIB": "8",
    "ARGON2_PARALLELISM": "1",
}


async def run_module(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "subgraphs.auth",
        *args,
        env={**os.environ, **CHEAP_ENV, **env},
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, output.decode()


async def test_migrate_command_builds_an_empty_database_and_downgrades() -> None:
    url = fresh_database_url("auth")
    db = Database(url, pool_size=1)
    try:
        code, output = await run_module("migrate", env={"DATABASE_URL": url})
        assert code == 0, output
        async with db.session() as session:
            tables = set(
                await session.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            )
        assert {"accounts", "refresh_sessions", "one_time_tokens", "outbox"} <= tables
        cfg = alembic_config(MIGRATIONS, url)
        await asyncio.to_thread(command.downgrade, cfg, "base")
        async with db.session() as session:
            left = set(
                await session.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            )
        assert left == {"alembic_version"}
    finally:
        await db.close()
        await drop_database(url)


async def test_create_owner_command_is_idempotent(profiles: Profiles) -> None:
    url = fresh_database_url("auth")
    email = unique_email("boss")
    env = {"DATABASE_URL": url, "PROFILES_GRPC_TARGET": profiles.service.grpc_target}
    db = Database(url, pool_size=1)
    try:
        code, output = await run_module(
            "create-owner",
            "--email",
            email,
            "--password",
            PASSWORD,
            "--login",
            unique_login(),
            env=env,
        )
        assert code == 0, output
        again_env = {
            **env,
            "FIRST_OWNER_EMAIL": email.upper(),
            "FIRST_OWNER_PASSWORD": PASSWORD,
            "FIRST_OWNER_LOGIN": unique_login(),
        }
        code, output = await run_module("create-owner", env=again_env)
        assert code == 0, output
        settings = Settings(**cheap_settings(database_url=url))
        with pytest.raises(BadUserInput, match="Email is not valid"):
            await create_owner(settings, email="bad", password=PASSWORD, login="x")
        async with db.session() as session:
            accounts = list(await session.scalars(select(Account)))
        assert [(a.email, a.role, a.state) for a in accounts] == [(email, "OWNER", "CONFIRMED")]
    finally:
        await db.close()
        await drop_database(url)


async def test_create_owner_promotes_an_existing_account(auth: Auth) -> None:
    user_id, email = await auth.sign_up()
    settings = Settings(
        **cheap_settings(
            database_url=auth.settings.database_url,
            profiles_grpc_target=auth.settings.profiles_grpc_target,
        )
    )
    assert (
        str(await create_owner(settings, email=email, password=PASSWORD, login=unique_login()))
        == user_id
    )
    tokens = await auth.login(email)
    assert (tokens["user"]["role"], tokens["user"]["state"]) == ("OWNER", "CONFIRMED")
    assert (await auth.events("UserRoleChanged", key=user_id))[0]["payload"]["role"] == "OWNER"
    assert (await auth.events("UserStateChanged", key=user_id))[0]["payload"]["state"] == (
        "CONFIRMED"
    )


async def test_a_failed_account_commit_deletes_the_profile(auth: Auth) -> None:
    """A trigger makes the account insert fail like a concurrent duplicate would."""
    email = unique_email("race")
    login = unique_login()
    async with auth.db.transaction() as session:
        await session.execute(
            text(
                "CREATE FUNCTION refuse_account() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.email = '{email}' THEN RAISE unique_violation; END IF; RETURN NEW; "
                "END $$"
            )
        )
        await session.execute(
            text(
                "CREATE TRIGGER refuse_account BEFORE INSERT ON accounts "
                "FOR EACH ROW EXECUTE FUNCTION refuse_account()"
            )
        )
    try:
        body = await auth.gql(SIGN_UP, {"email": email, "password": PASSWORD, "login": login})
        assert error_code(body) == "CONFLICT"
        assert body["errors"][0]["extensions"]["field"] == "email"
    finally:
        async with auth.db.transaction() as session:
            await session.execute(text("DROP TRIGGER refuse_account ON accounts"))
            await session.execute(text("DROP FUNCTION refuse_account()"))
    async with auth.db.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(Account).where(Account.email == email)
        )
    assert count == 0
    # the profile was deleted: the login is free again
    await auth.sign_up(email, login=login)


async def test_sign_up_without_profiles_creates_nothing() -> None:
    async with auth_service("127.0.0.1:1") as lonely:
        email = unique_email()
        body = await lonely.gql(
            SIGN_UP, {"email": email, "password": PASSWORD, "login": unique_login()}
        )
        assert error_code(body) == "INTERNAL"
        async with lonely.db.session() as session:
            assert await session.scalar(select(func.count()).select_from(Account)) == 0


async def test_make_dev_stops_when_the_first_owner_cannot_be_created(profiles: Profiles) -> None:
    """`make dev` with FIRST_OWNER_* that auth refuses stops with auth's reason (it used to log
    the failure and run on without an owner)."""
    url = fresh_database_url("auth")
    env = {
        **os.environ,
        **CHEAP_ENV,
        "DATABASE_URL": url,
        "PROFILES_GRPC_TARGET": profiles.service.grpc_target,
        "FIRST_OWNER_EMAIL": "ann.owner@example.com",
        "FIRST_OWNER_PASSWORD": "ann.owner the first",
        "FIRST_OWNER_LOGIN": unique_login(),
    }
    try:
        with pytest.raises(SystemExit) as stopped:
            await asyncio.to_thread(create_first_owner, env)
        assert "the first OWNER (FIRST_OWNER_*) was not created" in str(stopped.value.code)
        assert "Password must not contain your email address" in str(stopped.value.code)
        # with a password auth accepts, the same step creates the owner and returns
        await asyncio.to_thread(create_first_owner, {**env, "FIRST_OWNER_PASSWORD": PASSWORD})
    finally:
        await drop_database(url)

"""Helpers for the profiles tests: GraphQL over HTTP, gRPC calls, outbox reads."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from common.db import Database, drop_database
from common.ids import new_id
from common.service import RunningService, running
from protos.indefinite.profiles.v1 import profiles_pb2
from subgraphs.profiles.app import create_app
from subgraphs.profiles.models import outbox
from subgraphs.profiles.settings import Settings
from tests.support.stores import fresh_database_url
from tests.support.tokens import SigningKeys


@dataclass(frozen=True)
class Profiles:
    """A running profiles service on its own fresh database."""

    service: RunningService
    database_url: str
    keys: SigningKeys


@asynccontextmanager
async def profiles_service(
    keys: SigningKeys, *, database_url: str | None = None, migrate: bool = True
) -> AsyncIterator[Profiles]:
    url = database_url or fresh_database_url("profiles")
    settings = Settings(
        database_url=url, environment="test", log_json=False, migrate_on_start=migrate
    )
    try:
        async with running(create_app(settings, verifier=keys.verifier()), free_ports=True) as s:
            yield Profiles(service=s, database_url=url, keys=keys)
    finally:
        await drop_database(url)


def unique_login(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


async def gql(
    profiles: Profiles,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient() as client:
        response = await client.post(
            profiles.service.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers=sent,
        )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def create_profile(
    stub: Any, *, login: str | None = None, display_name: str = "", user_id: uuid.UUID | None = None
) -> profiles_pb2.Profile:
    reply: profiles_pb2.Profile = await stub.CreateProfile(
        profiles_pb2.CreateProfileRequest(
            user_id=str(user_id or new_id()),
            login=unique_login() if login is None else login,
            display_name=display_name,
        )
    )
    return reply


async def outbox_events(profiles: Profiles, user_id: str) -> list[dict[str, Any]]:
    """The outbox rows keyed by this user, oldest first."""
    db = Database(profiles.database_url, pool_size=1)
    try:
        async with db.session() as session:
            rows = (
                await session.execute(
                    select(outbox).where(outbox.c.key == user_id).order_by(outbox.c.seq)
                )
            ).all()
    finally:
        await db.close()
    return [dict(row._mapping) for row in rows]

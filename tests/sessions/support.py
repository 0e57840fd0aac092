"""Helpers for the sessions tests: a running sessions service (real Redis, HTTP, gRPC) with its
own key prefix, GraphQL calls, and gRPC stubs."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from redis.asyncio import Redis

from common.auth import TokenVerifier
from common.grpc import client_channel
from common.service import RunningService, running
from protos.indefinite.sessions.v1 import sessions_pb2_grpc
from subgraphs.sessions.app import create_app
from subgraphs.sessions.settings import Settings
from tests.support.stores import redis_url

MY_SESSIONS = """
query($first: Int, $after: String) {
  myTrackSessions(first: $first, after: $after) {
    edges { cursor node { trackId firstSeen lastSeen userAgent clientAddress current } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REVOKE = "mutation($id: ID!) { revokeSession(trackId: $id) }"


def new_track_id() -> str:
    return f"t-{uuid.uuid4()}"


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


@dataclass
class Sessions:
    service: RunningService
    settings: Settings
    redis: Redis
    stub: Any

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        track_id: str | None = None,
    ) -> dict[str, Any]:
        headers: dict[str, str] = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if track_id is not None:
            headers["X-Track-Id"] = track_id
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(
                self.service.graphql_url,
                json={"query": query, "variables": variables or {}},
                headers=headers,
            )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def keys(self) -> list[str]:
        found: list[str] = [
            k async for k in self.redis.scan_iter(f"{self.settings.redis_key_prefix}*")
        ]
        return sorted(found)


@asynccontextmanager
async def sessions_service(
    verifier: TokenVerifier, *, auth_target: str = "127.0.0.1:9", **overrides: Any
) -> AsyncIterator[Sessions]:
    """Sessions on its own key prefix; `auth_target` defaults to a port nobody listens on."""
    values: dict[str, Any] = {
        "environment": "test",
        "log_json": False,
        "redis_url": redis_url(),
        "redis_key_prefix": f"test-sessions:{uuid.uuid4().hex[:10]}:",
        "auth_grpc_target": auth_target,
        "grpc_timeout_seconds": 5.0,
    }
    settings = Settings(**{**values, **overrides})
    redis: Redis = Redis.from_url(settings.redis_url, decode_responses=True)
    try:
        async with (
            running(create_app(settings, verifier=verifier), free_ports=True) as service,
            client_channel(service.grpc_target) as channel,
        ):
            stub = sessions_pb2_grpc.SessionsServiceStub(channel)  # type: ignore[no-untyped-call]
            yield Sessions(service=service, settings=settings, redis=redis, stub=stub)
    finally:
        keys = [k async for k in redis.scan_iter(f"{settings.redis_key_prefix}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()

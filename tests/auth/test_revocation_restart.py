"""The revocation list fails closed (common/revocation.py): when Redis comes back empty (a
restart without persistence, or a flush), tokens issued before are refused, by auth (which
verifies its own tokens) and by the router's verifier alike, never made valid again; a refresh
mints tokens the new list accepts."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from common.redis import connect
from common.revocation import RevocationList
from router.edge.errors import Unauthenticated
from router.edge.jwt import JwtVerifier
from router.settings import JwtSettings
from tests.auth.support import Auth, auth_service, error_code
from tests.profiles.support import Profiles
from tests.support.redis_server import RedisServer, redis_server

MY_SESSIONS = "{ mySessions { id current } }"
LOGOUT = "mutation { logout }"


@pytest.fixture(scope="module")
async def server() -> AsyncIterator[RedisServer]:
    async with redis_server() as started:
        yield started


@pytest.fixture(scope="module")
async def auth_on_private_redis(profiles: Profiles, server: RedisServer) -> AsyncIterator[Auth]:
    async with auth_service(profiles.service.grpc_target, redis_url=server.url) as running_auth:
        yield running_auth


@pytest.fixture
async def edge(auth_on_private_redis: Auth, server: RedisServer) -> AsyncIterator[JwtVerifier]:
    """The router's verifier over the same JWKS and Redis."""
    settings = JwtSettings(
        jwks_url=f"{auth_on_private_redis.service.http_url}/.well-known/jwks.json",
        issuer=auth_on_private_redis.settings.jwt_issuer,
        audience=auth_on_private_redis.settings.jwt_audience,
    )
    async with httpx.AsyncClient() as client:
        verifier = JwtVerifier(
            settings, client=client, revocations=RevocationList(connect(server.url))
        )
        try:
            yield verifier
        finally:
            await verifier.aclose()


async def test_tokens_from_before_a_redis_restart_stay_refused(
    auth_on_private_redis: Auth, server: RedisServer, edge: JwtVerifier
) -> None:
    auth = auth_on_private_redis
    _, email = await auth.confirmed()
    tokens = await auth.login(email)
    old = tokens["accessToken"]
    assert "errors" not in await auth.gql(MY_SESSIONS, token=old)
    assert await edge.verify(f"Bearer {old}") is not None

    # revoked, then Redis loses everything: the revocation must not be forgotten
    assert "errors" not in await auth.gql(LOGOUT, token=old)
    await server.restart()
    assert error_code(await auth.gql(MY_SESSIONS, token=old)) == "UNAUTHENTICATED"
    with pytest.raises(Unauthenticated, match="revoked"):
        await edge.verify(f"Bearer {old}")

    # a token that was never revoked is refused too (the list cannot vouch for it) until a
    # refresh, which auth answers from PostgreSQL
    second = await auth.login(email)  # login writes a new epoch first
    await server.restart()
    with pytest.raises(Unauthenticated, match="revoked"):
        await edge.verify(f"Bearer {second['accessToken']}")
    refreshed = await auth.refresh(second["refreshToken"])
    fresh = refreshed["data"]["refreshToken"]["accessToken"]
    assert "errors" not in await auth.gql(MY_SESSIONS, token=fresh)
    assert await edge.verify(f"Bearer {fresh}") is not None
    # and the logged-out session stays out: its refresh token is refused by PostgreSQL
    assert error_code(await auth.refresh(tokens["refreshToken"])) == "UNAUTHENTICATED"

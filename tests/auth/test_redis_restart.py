"""What a Redis restart does to auth's login throttling (subgraphs/auth/throttle.py): the
failure counters are soft state and are lost, by decision. A locked account may log in again
right after the restart, and counting starts afresh, so throttling still works afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.auth.support import LOGIN, PASSWORD, Auth, auth_service, error_code
from tests.profiles.support import Profiles
from tests.support.redis_server import RedisServer, redis_server


@pytest.fixture(scope="module")
async def server() -> AsyncIterator[RedisServer]:
    async with redis_server() as started:
        yield started


@pytest.fixture(scope="module")
async def strict(profiles: Profiles, server: RedisServer) -> AsyncIterator[Auth]:
    async with auth_service(
        profiles.service.grpc_target,
        redis_url=server.url,
        login_max_failures_per_account=3,
        login_failure_window_seconds=600,
    ) as running_auth:
        yield running_auth


async def fail_three_times(auth: Auth, email: str) -> None:
    for _ in range(3):
        body = await auth.gql(LOGIN, {"email": email, "password": "wrong password!"})
        assert error_code(body) == "UNAUTHENTICATED"
    body = await auth.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(body) == "RATE_LIMITED"


async def test_a_redis_restart_forgets_login_failures(strict: Auth, server: RedisServer) -> None:
    _, email = await strict.confirmed()
    await fail_three_times(strict, email)

    await server.restart()  # empty: the counters are gone
    await strict.login(email)  # no longer locked, and the restart failed no request

    await fail_three_times(strict, email)  # throttling counts again from zero

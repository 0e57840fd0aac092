"""auth runs next to a real profiles service (one per xdist worker); the default auth service
is shared by a test module, tests that need other settings start their own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.auth.support import Auth, auth_service
from tests.profiles.support import Profiles, profiles_service
from tests.support.tokens import SigningKeys


@pytest.fixture(scope="session")
async def profiles() -> AsyncIterator[Profiles]:
    async with profiles_service(SigningKeys()) as running_profiles:
        yield running_profiles


@pytest.fixture(scope="module")
async def auth(profiles: Profiles) -> AsyncIterator[Auth]:
    async with auth_service(profiles.service.grpc_target) as running_auth:
        yield running_auth

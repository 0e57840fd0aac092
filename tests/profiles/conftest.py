"""One profiles service per test session (per xdist worker), on its own fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from common.grpc import client_channel
from protos.indefinite.profiles.v1 import profiles_pb2_grpc
from tests.profiles.support import Profiles, profiles_service
from tests.support.tokens import SigningKeys


@pytest.fixture(scope="session")
def keys() -> SigningKeys:
    return SigningKeys()


@pytest.fixture(scope="session")
async def profiles(keys: SigningKeys) -> AsyncIterator[Profiles]:
    async with profiles_service(keys) as running_profiles:
        yield running_profiles


@pytest.fixture(scope="session")
async def stub(profiles: Profiles) -> AsyncIterator[Any]:
    async with client_channel(profiles.service.grpc_target) as channel:
        yield profiles_pb2_grpc.ProfilesServiceStub(channel)  # type: ignore[no-untyped-call]

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.subscriptions.support import Subscriptions, subscriptions_service
from tests.support.kafka import TansuBroker, tansu


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as started:
        yield started


@pytest.fixture(scope="module")
async def subs(broker: TansuBroker) -> AsyncIterator[Subscriptions]:
    async with subscriptions_service(broker, fanout_batch=7) as running_subscriptions:
        yield running_subscriptions

"""One platform with notifications per test session (per xdist worker): tansu, PostgreSQL, an
aiosmtpd sink, and every service; notification requests are published as subscriptions will."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.notifications.support import Requests, Sink
from tests.support.kafka import TansuBroker, tansu
from tests.support.platform import Platform, start_platform

RATE_LIMIT = 5
#: Quick retries so the outage and dead-letter tests finish in seconds.
NOTIFICATIONS = {
    "delivery_retry_initial_seconds": 0.2,
    "delivery_retry_max_seconds": 1.0,
    "delivery_max_attempts": 60,
    "delivery_poll_seconds": 0.2,
    "mail_reply_to": "Editors <editors@blog.example.com>",
    "rate_limit_per_hour": RATE_LIMIT,
}


@pytest.fixture(scope="session")
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as running:
        yield running


@pytest.fixture(scope="session")
def sink() -> Iterator[Sink]:
    running = Sink()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
async def platform(broker: TansuBroker, sink: Sink) -> AsyncIterator[Platform]:
    async with start_platform(
        kafka=broker.bootstrap, smtp_port=sink.port, notifications=NOTIFICATIONS
    ) as running:
        yield running


@pytest.fixture(scope="session")
async def requests(broker: TansuBroker) -> AsyncIterator[Requests]:
    producer = Requests(broker.bootstrap)
    await producer.start()
    try:
        yield producer
    finally:
        await producer.stop()

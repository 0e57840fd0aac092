"""One platform with notifications per test session (per xdist worker): tansu, PostgreSQL, an
aiosmtpd sink, moto's SNS for SMS, and every service; notification requests are published as
subscriptions will."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.notifications.support import Requests, Sink
from tests.support.kafka import TansuBroker, tansu
from tests.support.platform import Platform, start_platform
from tests.support.s3 import MotoServer, moto_s3

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
async def sns() -> AsyncIterator[MotoServer]:
    """moto's server, whose SNS takes the platform's SMS (tests read them from its model API)."""
    async with moto_s3() as server:
        yield server


@pytest.fixture(scope="session")
async def platform(broker: TansuBroker, sink: Sink, sns: MotoServer) -> AsyncIterator[Platform]:
    sms = {
        "sns_endpoint_url": sns.endpoint,
        "sns_access_key_id": "testing",
        "sns_secret_access_key": "testing",
        # moto loads its SNS backend on the first call, slowly on a busy machine
        "sns_read_timeout_seconds": 10.0,
    }
    async with start_platform(
        kafka=broker.bootstrap, smtp_port=sink.port, notifications={**NOTIFICATIONS, **sms}
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

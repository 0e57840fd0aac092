"""The system test: `python -m qa run` (every journey, as the chart's `helm test` hook runs it)
against the real platform the tests start (tests/support/platform.py) with Kafka (tansu), S3
(moto), and notifications mailing an SMTP sink whose `.eml` directory is the journeys' mailbox.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from common.auth import Role
from indefinite.mail_sink import MailSink
from tests.notifications.support import Sink
from tests.support.kafka import TansuBroker, tansu
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.s3 import MotoServer, moto_s3

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def mail_dir() -> Iterator[tuple[Path, int]]:
    """An SMTP sink writing each message as an `.eml` file: the journeys' mailbox."""
    with tempfile.TemporaryDirectory(prefix="qa-mail-") as directory:
        sink = Sink(handler=MailSink(Path(directory)))
        sink.start()
        try:
            yield Path(directory), sink.port
        finally:
            sink.stop()


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as running:
        yield running


@pytest.fixture(scope="module")
async def s3() -> AsyncIterator[MotoServer]:
    async with moto_s3() as server:
        yield server


@pytest.fixture(scope="module")
async def platform(
    broker: TansuBroker, s3: MotoServer, mail_dir: tuple[Path, int]
) -> AsyncIterator[Platform]:
    async with start_platform(
        kafka=broker.bootstrap, s3=s3.endpoint, smtp_port=mail_dir[1]
    ) as running:
        yield running


@pytest.fixture(scope="module")
async def owner(platform: Platform) -> TestUser:
    return await platform.new_user(Role.OWNER)


async def qa_run(platform: Platform, owner: TestUser, mail: Path, *args: str) -> tuple[int, str]:
    """`python -m qa run --base-url <router>` in a subprocess (the services run in this loop)."""
    env = {
        **os.environ,
        "QA_OWNER_EMAIL": owner.email,
        "QA_OWNER_PASSWORD": owner.password,
        "QA_MAILBOX": f"dir:{mail}",
        "QA_WAIT_SECONDS": "30",
        "QA_REQUEST_TIMEOUT_SECONDS": "30",  # a test platform shares one loop, on a busy machine
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "qa",
        "run",
        "--base-url",
        platform.router_url,
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_every_journey_passes_against_the_platform(
    platform: Platform, owner: TestUser, mail_dir: tuple[Path, int]
) -> None:
    code, table = await qa_run(platform, owner, mail_dir[0], "--concurrency", "4")
    print(table)
    assert code == 0, table
    for name in ("signup", "publish", "comment", "image", "follow", "rest", "logout"):
        assert f"PASS {name}:" in table, table
    assert "FAIL" not in table, table

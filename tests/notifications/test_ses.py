"""The SES email backend against moto's SES server: the raw MIME message (headers included)
goes out through SESv2 SendEmail; an unverified sender is a permanent failure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import boto3
import pytest

from subgraphs.notifications.channels.base import Message, PermanentFailure
from subgraphs.notifications.channels.email import SesSender
from subgraphs.notifications.settings import Settings
from tests.support.s3 import MotoServer, moto_s3

SENDER = "news@blog.example.com"


@pytest.fixture(scope="module")
async def moto() -> AsyncIterator[MotoServer]:
    async with moto_s3() as server:  # moto's server answers SES as well as S3
        yield server


def settings(endpoint: str, mail_from: str) -> Settings:
    return Settings(
        environment="test",
        email_backend="ses",
        ses_endpoint_url=endpoint,
        mail_from=f"Indefinite Studies <{mail_from}>",
    )


def ses_v1(endpoint: str) -> Any:
    return boto3.client(
        "ses",
        region_name="us-east-1",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def verify(endpoint: str) -> None:
    ses_v1(endpoint).verify_email_identity(EmailAddress=SENDER)


def sent_count(endpoint: str) -> int:
    return int(ses_v1(endpoint).get_send_quota()["SentLast24Hours"])


MESSAGE = Message(
    idempotency_key="ses-1",
    recipient_id=None,
    subject="Hello from SES",
    text="text",
    html="<p>html</p>",
    url=None,
    unsubscribe_url="https://blog.example.com/unsubscribe/t",
)


async def test_ses_sends_the_raw_message(moto: MotoServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    await asyncio.to_thread(verify, moto.endpoint)
    before = await asyncio.to_thread(sent_count, moto.endpoint)
    sender = SesSender(settings(moto.endpoint, SENDER))
    try:
        await sender.send(MESSAGE, "reader@example.com")
    finally:
        await sender.close()
    # moto counts recipients, from Destination and again from the raw To header
    assert await asyncio.to_thread(sent_count, moto.endpoint) > before


async def test_an_unverified_sender_is_a_permanent_failure(
    moto: MotoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    sender = SesSender(settings(moto.endpoint, "stranger@elsewhere.example"))
    try:
        with pytest.raises(PermanentFailure):
            await sender.send(MESSAGE, "reader@example.com")
    finally:
        await sender.close()

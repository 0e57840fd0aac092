"""The SMS sender against moto's SNS server (a real HTTP endpoint, in its own process): what
SNS accepts is published, what it refuses is permanent, what does not answer is transient."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from indefinite.kafka_broker import free_port
from subgraphs.notifications.channels.base import Message, PermanentFailure, TransientFailure
from subgraphs.notifications.channels.settings import ChannelSettings
from subgraphs.notifications.channels.sms import SMS_MAX, SmsSender, classify, sms_text
from tests.support.s3 import MotoServer, moto_s3

PHONE = "+14155550132"


def settings(endpoint: str, **more: object) -> ChannelSettings:
    values: dict[str, object] = {
        "environment": "test",
        "sns_endpoint_url": endpoint,
        "sns_access_key_id": "testing",
        "sns_secret_access_key": "testing",
        # Generous: moto loads its SNS backend on the first call, slowly on a busy machine.
        "sns_connect_timeout_seconds": 10.0,
        "sns_read_timeout_seconds": 10.0,
        **more,
    }
    return ChannelSettings.model_validate(values)


def message(text: str = "Your code: 123456", url: str | None = None) -> Message:
    return Message(
        idempotency_key=f"sms-{uuid.uuid4()}",
        recipient_id=uuid.uuid4(),
        subject="Code",
        text=text,
        html=None,
        url=url,
    )


@pytest.fixture(scope="module")
async def moto() -> AsyncIterator[MotoServer]:
    async with moto_s3() as server:
        yield server


@pytest.fixture
async def sender(moto: MotoServer) -> AsyncIterator[SmsSender]:
    sending = SmsSender(settings(moto.endpoint, sns_sender_id="Indefinite"))
    await sending.start()
    try:
        yield sending
    finally:
        await sending.close()


async def published(moto: MotoServer) -> list[dict[str, Any]]:
    """Every SMS moto's SNS took, as (phone_number, message), from its model API."""
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{moto.endpoint}/moto-api/data.json")
    response.raise_for_status()
    sms: list[dict[str, Any]] = response.json().get("sns", {}).get("SMS", [])
    return sms


async def test_an_sms_is_published_to_the_number(moto: MotoServer, sender: SmsSender) -> None:
    text = f"Your code: {uuid.uuid4().hex[:6]}"
    await sender.send(message(text, url="https://indefinite.test/p/1"), PHONE)
    found = [m for m in await published(moto) if m["message"].startswith(text)]
    assert [(m["phone_number"], m["message"]) for m in found] == [
        (PHONE, f"{text}\nhttps://indefinite.test/p/1")
    ]


async def test_a_number_sns_refuses_is_permanent(moto: MotoServer, sender: SmsSender) -> None:
    before = len(await published(moto))
    for address in ("+0123", "+1 415 555 0132", "not a number"):
        with pytest.raises(PermanentFailure, match="InvalidParameter"):
            await sender.send(message(), address)
    assert len(await published(moto)) == before


async def test_long_texts_are_cut_to_what_sns_takes(moto: MotoServer, sender: SmsSender) -> None:
    marker = uuid.uuid4().hex
    await sender.send(message(marker + "x" * 5000), PHONE)
    (found,) = [m for m in await published(moto) if m["message"].startswith(marker)]
    assert len(found["message"]) == SMS_MAX
    assert found["message"].endswith("…")


async def test_an_unreachable_sns_is_transient() -> None:
    sending = SmsSender(settings(f"http://127.0.0.1:{free_port('127.0.0.1')}"))
    try:
        with pytest.raises(TransientFailure):
            await sending.send(message(), PHONE)
    finally:
        await sending.close()


async def test_an_sns_that_does_not_answer_is_transient_and_then_recovers() -> None:
    async with moto_s3() as frozen:
        patient = SmsSender(settings(frozen.endpoint))
        impatient = SmsSender(settings(frozen.endpoint, sns_read_timeout_seconds=0.5))
        try:
            await patient.send(message("before"), PHONE)  # SNS is up and warm
            frozen.pause()
            try:
                with pytest.raises(TransientFailure):
                    await impatient.send(message("frozen"), PHONE)
            finally:
                frozen.resume()
            await patient.send(message("after"), PHONE)
            await impatient.send(message("after, impatient"), PHONE)
        finally:
            await patient.close()
            await impatient.close()
        texts = [m["message"] for m in await published(frozen)]
        assert {"before", "after", "after, impatient"} <= set(texts)
        # The timed-out request may still be published once SNS wakes (it was sent: that is
        # why SMS is at-least-once), but the sender itself never sent it twice.
        assert texts.count("frozen") <= 1


@pytest.mark.parametrize(
    ("code", "status", "failure"),
    [
        ("Throttling", 400, TransientFailure),
        ("ThrottledException", 429, TransientFailure),
        ("InternalError", 500, TransientFailure),
        ("ServiceUnavailable", 503, TransientFailure),
        ("InvalidParameter", 400, PermanentFailure),
        ("OptedOut", 400, PermanentFailure),
        ("AuthorizationError", 403, PermanentFailure),
    ],
)
def test_sns_errors_become_retry_or_give_up(
    code: str, status: int, failure: type[Exception]
) -> None:
    assert type(classify(code, status)) is failure


def test_the_link_is_added_once() -> None:
    assert sms_text(message("Read it", url="https://x.test/a")) == "Read it\nhttps://x.test/a"
    assert sms_text(message("Read https://x.test/a", url="https://x.test/a")) == (
        "Read https://x.test/a"
    )

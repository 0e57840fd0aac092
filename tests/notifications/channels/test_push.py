"""The web push sender against a local push service that checks VAPID and decrypts the
aes128gcm payload as browsers' push services do."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from indefinite.kafka_broker import free_port
from subgraphs.notifications.channels.base import Message, PermanentFailure, TransientFailure
from subgraphs.notifications.channels.push import PushSender, SubscriptionGone, topic
from subgraphs.notifications.channels.settings import ChannelSettings
from subgraphs.notifications.channels.vapid import (
    application_server_key,
    load_vapid,
    main,
    parse_private_key,
)
from tests.support.push_endpoint import PushEndpoint, push_endpoint

SUBJECT = "mailto:ops@indefinite.test"


def settings(tmp_path: Path, **more: object) -> ChannelSettings:
    values: dict[str, object] = {
        "environment": "test",
        "vapid_key_file": str(tmp_path / "vapid.pem"),
        "vapid_subject": SUBJECT,
        "push_timeout_seconds": 10.0,
        **more,
    }
    return ChannelSettings.model_validate(values)


def message(text: str = "Ada wrote: Engines", **more: object) -> Message:
    values: dict[str, object] = {
        "idempotency_key": f"event-{uuid.uuid4()}:recipient",
        "recipient_id": uuid.uuid4(),
        "subject": "New post by Ada",
        "text": text,
        "html": None,
        "url": "https://indefinite.test/posts/engines",
        **more,
    }
    return Message(**values)  # type: ignore[arg-type]


@pytest.fixture
async def push() -> AsyncIterator[PushEndpoint]:
    async with push_endpoint() as endpoint:
        yield endpoint


@pytest.fixture
async def sender(tmp_path: Path) -> AsyncIterator[PushSender]:
    sending = PushSender(settings(tmp_path))
    await sending.start()
    try:
        yield sending
    finally:
        await sending.close()


async def test_a_push_arrives_signed_and_decrypts_to_the_message(
    push: PushEndpoint, sender: PushSender
) -> None:
    key = application_server_key(sender.vapid)
    subscription = push.subscribe(application_server_key=key)
    sent = message()
    await sender.send(sent, subscription.address)
    (received,) = push.for_subscription(subscription)
    assert received.payload == {"title": sent.subject, "body": sent.text, "url": sent.url}
    assert received.claims["aud"] == push.origin
    assert received.claims["sub"] == SUBJECT
    assert received.vapid_key == key
    assert received.ttl == 86_400
    assert received.topic == topic(sent.idempotency_key)
    assert received.urgency == "normal"
    assert push.refused == []


async def test_a_retried_message_carries_the_same_topic(
    push: PushEndpoint, sender: PushSender
) -> None:
    """The push service replaces an undelivered copy with the same Topic: no double show."""
    subscription = push.subscribe()
    sent = message()
    await sender.send(sent, subscription.address)
    await sender.send(sent, subscription.address)
    await sender.send(message(), subscription.address)
    topics = [r.topic for r in push.for_subscription(subscription)]
    assert topics[0] == topics[1] != topics[2]
    assert all(t is not None and len(t) <= 32 for t in topics)


async def test_a_subscription_made_with_another_key_refuses_the_push(
    push: PushEndpoint, sender: PushSender, tmp_path: Path
) -> None:
    other = load_vapid(settings(tmp_path / "other"))
    subscription = push.subscribe(application_server_key=application_server_key(other))
    with pytest.raises(PermanentFailure) as info:
        await sender.send(message(), subscription.address)
    assert not isinstance(info.value, SubscriptionGone)
    assert push.received == []
    assert push.refused == ["signed by a key the subscription was not made with"]


@pytest.mark.parametrize("status", [404, 410])
async def test_a_gone_subscription_is_a_permanent_failure(
    push: PushEndpoint, sender: PushSender, status: int
) -> None:
    subscription = push.subscribe(status=status)
    with pytest.raises(SubscriptionGone):
        await sender.send(message(), subscription.address)
    # The request was well formed: the service decrypted it before it said gone.
    assert len(push.for_subscription(subscription)) == 1


async def test_an_unknown_endpoint_is_gone(push: PushEndpoint, sender: PushSender) -> None:
    subscription = push.subscribe()
    forgotten = subscription.address.replace(subscription.id, "forgotten")
    with pytest.raises(SubscriptionGone):
        await sender.send(message(), forgotten)


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (429, TransientFailure),
        (500, TransientFailure),
        (503, TransientFailure),
        (400, PermanentFailure),
        (413, PermanentFailure),
    ],
)
async def test_statuses_become_retry_or_give_up(
    push: PushEndpoint, sender: PushSender, status: int, failure: type[Exception]
) -> None:
    subscription = push.subscribe(status=status)
    with pytest.raises(failure) as info:
        await sender.send(message(), subscription.address)
    assert isinstance(info.value, (TransientFailure, PermanentFailure))
    assert not isinstance(info.value, SubscriptionGone)


async def test_an_unreachable_push_service_is_transient(sender: PushSender) -> None:
    port = free_port("127.0.0.1")
    address = json.dumps(
        {
            "endpoint": f"http://127.0.0.1:{port}/push/x",
            "keys": json.loads(PushEndpoint(origin="http://x").subscribe().address)["keys"],
        }
    )
    with pytest.raises(TransientFailure):
        await sender.send(message(), address)


async def test_a_push_service_that_does_not_answer_is_transient(
    push: PushEndpoint, tmp_path: Path
) -> None:
    sending = PushSender(settings(tmp_path, push_timeout_seconds=0.5))
    try:
        with pytest.raises(TransientFailure):
            await sending.send(message(), push.subscribe(hang=True).address)
    finally:
        await sending.close()


@pytest.mark.parametrize(
    "address",
    [
        "",
        "not json",
        "[]",
        '{"endpoint": "https://push.test/x"}',
        '{"endpoint": "https://push.test/x", "keys": {"p256dh": "", "auth": "a"}}',
        '{"endpoint": "ftp://push.test/x", "keys": {"p256dh": "a", "auth": "a"}}',
        '{"endpoint": "https://push.test/x", "keys": {"p256dh": "bm90IGEga2V5", "auth": "YQ"}}',
        "x" * 10_000,
    ],
)
async def test_a_malformed_subscription_is_permanent(sender: PushSender, address: str) -> None:
    with pytest.raises(PermanentFailure):
        await sender.send(message(), address)


async def test_a_long_body_is_cut_to_fit_a_push(push: PushEndpoint, sender: PushSender) -> None:
    subscription = push.subscribe()
    long_text = "Движок\n" * 2000
    await sender.send(message(long_text), subscription.address)
    (received,) = push.for_subscription(subscription)
    body = received.payload["body"]
    assert body.endswith("…")
    assert long_text.startswith(body[:-1])
    assert len(json.dumps(received.payload, ensure_ascii=False).encode()) <= 3072


async def test_sends_run_concurrently_on_one_session(
    push: PushEndpoint, sender: PushSender
) -> None:
    subscriptions = [push.subscribe() for _ in range(20)]
    await asyncio.gather(*(sender.send(message(), s.address) for s in subscriptions))
    assert sorted(r.subscription_id for r in push.received) == sorted(s.id for s in subscriptions)


def test_development_generates_one_key_and_keeps_it(tmp_path: Path) -> None:
    first = load_vapid(settings(tmp_path))
    key_file = tmp_path / "vapid.pem"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    again = load_vapid(settings(tmp_path))
    assert application_server_key(first) == application_server_key(again)
    assert len(application_server_key(first)) == 87  # 65 bytes, base64url


def test_a_configured_key_is_used_and_production_requires_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main() == 0
    line = capsys.readouterr().out.splitlines()[0]
    name, _, value = line.partition("=")
    assert name == "VAPID_PRIVATE_KEY"
    configured = settings(tmp_path, vapid_private_key=value, environment="production")
    assert application_server_key(load_vapid(configured)) == application_server_key(
        parse_private_key(value)
    )
    assert not (tmp_path / "vapid.pem").exists()
    with pytest.raises(ValidationError):
        settings(tmp_path, environment="production")
    with pytest.raises(ValueError, match="not a P-256 private key"):
        parse_private_key("bm90IGEga2V5")

"""The notifications test harness: an aiosmtpd sink that can be stopped and started on its
port, a producer of notification requests (what subscriptions will publish), and readers of
the service's delivery state (its gRPC)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import grpc
import httpx
import orjson
from aiokafka import AIOKafkaProducer
from aiosmtpd.controller import Controller

from common.contracts.subscriptions import (
    NOTIFICATION_REQUEST,
    Cadence,
    Channel,
    NotificationRequest,
    NotificationType,
)
from indefinite.kafka_broker import free_port
from indefinite.mail_sink import MailSink, links, sink_controller
from protos.indefinite.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from tests.support.s3 import MotoServer

BOUNCE = "bounce"
DEFER = "defer"


def refuse(address: str) -> str | None:
    """Mailboxes starting with `bounce` do not exist; those with `defer` are never ready."""
    local = address.split("@")[0].lower()
    if local.startswith(BOUNCE):
        return "550 5.1.1 No such mailbox here"
    if local.startswith(DEFER):
        return "451 4.3.0 Mailbox busy, try again later"
    return None


@dataclass
class Sink:
    """A MailSink on a fixed loopback port; `stop()` and `start()` simulate a relay outage."""

    handler: MailSink = field(default_factory=lambda: MailSink(refuse=refuse))
    port: int = field(default_factory=free_port)
    controller: Controller | None = None

    def start(self) -> None:
        if self.controller is None:
            self.controller = sink_controller(self.handler, self.port)
            self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            controller, self.controller = self.controller, None
            controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in list(self.handler.messages) if m["To"] == address]

    def keyed(self, key_prefix: str) -> list[EmailMessage]:
        return [
            m
            for m in list(self.handler.messages)
            if header(m, "X-Notification-Key").startswith(key_prefix)
        ]


def header(message: EmailMessage, name: str) -> str:
    """A header's value as it came over the wire, unfolded: not decoded, so an RFC 2047
    encoded-word (which mail clients do not read in List-Unsubscribe) shows as one."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return re.sub(r"\r?\n[ \t]+", " ", str(value)).strip()
    return ""


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    content: str = part.get_content()
    return content


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    content: str = part.get_content()
    return content


__all__ = ["Sink", "header", "html_of", "links", "text_of"]


def request(
    *,
    recipient_id: str | uuid.UUID | None,
    type: NotificationType = NotificationType.NEW_POST_BY_AUTHOR,
    channels: Sequence[Channel] = (Channel.EMAIL, Channel.IN_APP),
    cadence: Cadence = Cadence.IMMEDIATE,
    key: str | None = None,
    data: dict[str, str] | None = None,
    **more: Any,
) -> NotificationRequest:
    source = uuid.uuid4().hex
    recipient = uuid.UUID(str(recipient_id)) if recipient_id is not None else None
    return NotificationRequest(
        idempotency_key=key or f"{source}:{recipient or more.get('email_to')}",
        recipient_id=recipient,
        type=type,
        channels=list(channels),
        email_cadence=cadence,
        source_event_id=source,
        data=data or {},
        **more,
    )


def email_request(
    to: str, subject: str = "subject", *, key: str | None = None
) -> NotificationRequest:
    """A free-form email to an explicit address (no recipient lookup)."""
    return request(
        recipient_id=None,
        type=NotificationType.EMAIL,
        channels=[Channel.EMAIL],
        email_to=to,
        email_subject=subject,
        email_body="body",
        key=key,
    )


class Requests:
    """Publishes notification requests as subscriptions does (envelope, keyed by recipient)."""

    def __init__(self, bootstrap: str) -> None:
        self.producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")

    async def start(self) -> None:
        await self.producer.start()

    async def stop(self) -> None:
        await self.producer.stop()

    async def publish_event(self, topic: str, type_: str, payload: Any, key: str) -> None:
        """Any producer's event, in the envelope every producer writes."""
        envelope = {
            "id": str(uuid.uuid4()),
            "type": type_,
            "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
            "track_id": None,
            "payload": payload,
        }
        await self.producer.send_and_wait(topic, orjson.dumps(envelope), key=key.encode())

    async def publish(self, *requests: NotificationRequest, track_id: str | None = None) -> None:
        for item in requests:
            envelope = {
                "id": str(uuid.uuid4()),
                "type": "NotificationRequested",
                "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
                "track_id": track_id,
                "payload": NOTIFICATION_REQUEST.dump(item),
            }
            key = str(item.recipient_id or item.email_to)
            await self.producer.send_and_wait(
                NOTIFICATION_REQUEST.name, orjson.dumps(envelope), key=key.encode()
            )


async def sent_sms(moto: MotoServer) -> list[tuple[str, str]]:
    """Every SMS moto's SNS took, as (phone number, text), from its model API."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(f"{moto.endpoint}/moto-api/data.json")
    response.raise_for_status()
    sms: list[dict[str, Any]] = response.json().get("sns", {}).get("SMS", [])
    return [(m["phone_number"], m["message"]) for m in sms]


async def deliveries(grpc_target: str, request_key: str) -> list[Any]:
    """The delivery rows of one request, through the service's gRPC."""
    async with grpc.aio.insecure_channel(grpc_target) as channel:
        stub = notifications_pb2_grpc.NotificationsServiceStub(channel)  # type: ignore[no-untyped-call]
        reply = await stub.GetDeliveries(
            notifications_pb2.GetDeliveriesRequest(request_key=request_key)
        )
    return list(reply.deliveries)

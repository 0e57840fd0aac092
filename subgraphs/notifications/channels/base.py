"""What every channel sender implements: send one rendered message to one address, or say why
not in a way the delivery loop can act on (retry later, or record and stop).

Exception
 +-- TransientFailure   retry later (SMTP 4xx, timeouts, throttling)
 +-- PermanentFailure   record and never retry (5xx, invalid address, 404/410 push)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from common.contracts.subscriptions import Channel


class TransientFailure(Exception):
    """Retry later (SMTP 4xx, timeouts, throttling)."""


class PermanentFailure(Exception):
    """Record and never retry (5xx, invalid address, 404/410 push)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One rendered notification for one channel."""

    idempotency_key: str
    recipient_id: uuid.UUID | None
    subject: str
    text: str
    html: str | None
    url: str | None
    unsubscribe_url: str | None = None
    """Email only: the one-click unsubscribe link (List-Unsubscribe), when the type has one."""


class Sender(Protocol):
    channel: Channel

    async def send(self, message: Message, address: str) -> None:
        """address: email address / E.164 phone / push subscription JSON
        {"endpoint", "keys": {"p256dh", "auth"}}."""
        ...

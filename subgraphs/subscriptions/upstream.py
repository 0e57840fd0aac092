"""Upstream's queue layer: PutEvent (an event on an allowed topic named by its type) and
PutSendEmailEvent (a free-form email), behind gRPC, GraphQL (OWNER) and the router's
POST /api/v1/subscriptions/event[/email]. Both go through the outbox like every event."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import orjson

from common.contracts.subscriptions import (
    NOTIFICATION_REQUEST,
    Channel,
    NotificationRequest,
    NotificationType,
)
from common.db import Database
from common.errors import BadUserInput
from common.ids import new_id
from common.outbox import add_event
from subgraphs.subscriptions.models import outbox

EMAIL_REQUESTED = "EmailRequested"
EVENT_BODY_MAX = 64 * 1024
SUBJECT_MAX = 998  # RFC 5322 line length
EMAIL_BODY_MAX = 100_000
ADDRESS = re.compile(r"^[^@\s<>,;]{1,64}@[^@\s<>,;]{1,255}\.[^@\s<>,;.]{1,63}$")


def _address(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > 320 or not ADDRESS.match(value):
        raise BadUserInput(f"{field} is not an email address", field=field)
    return value


def _body(raw: str) -> dict[str, Any]:
    """A JSON object is the payload; any other text travels as {"body": text}."""
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {"body": raw}
    return parsed if isinstance(parsed, dict) else {"body": parsed}


class Upstream:
    def __init__(self, db: Database, allowed_topics: Sequence[str]) -> None:
        self.db = db
        self.allowed = frozenset(allowed_topics)

    async def put_event(self, event_type: str, event_body: str) -> str:
        if event_type not in self.allowed:
            raise BadUserInput(
                f"Unknown EventType; allowed: {', '.join(sorted(self.allowed))}",
                field="EventType",
            )
        if len(event_body) > EVENT_BODY_MAX:
            raise BadUserInput(f"EventBody is longer than {EVENT_BODY_MAX}", field="EventBody")
        payload = _body(event_body)
        async with self.db.transaction() as session:
            event = await add_event(
                session, outbox, topic=event_type, key=event_type, type=event_type, payload=payload
            )
        return str(event["id"])

    async def put_email(self, *, sender: str, recipient: str, subject: str, body: str) -> str:
        to = _address(recipient, "Recepient")
        sender = _address(sender, "Sender") if sender.strip() else ""
        if not subject.strip() or len(subject) > SUBJECT_MAX or "\n" in subject or "\r" in subject:
            raise BadUserInput(f"Subject must be one line of 1 to {SUBJECT_MAX}", field="Subject")
        if len(body) > EMAIL_BODY_MAX:
            raise BadUserInput(f"Body is longer than {EMAIL_BODY_MAX}", field="Body")
        source = str(new_id())
        request = NotificationRequest(
            idempotency_key=f"{source}:{to.lower()}",
            recipient_id=None,
            type=NotificationType.EMAIL,
            channels=[Channel.EMAIL],
            source_event_id=source,
            email_to=to,
            email_subject=subject,
            email_body=body,
            email_sender=sender or None,
        )
        async with self.db.transaction() as session:
            await add_event(
                session,
                outbox,
                topic=NOTIFICATION_REQUEST.name,
                key=to.lower(),
                type=EMAIL_REQUESTED,
                payload=NOTIFICATION_REQUEST.dump(request),
            )
        return source

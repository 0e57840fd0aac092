"""Turning a consumed request into rows: the inbox item and one delivery per external channel
(per push subscription for push), all in one transaction, before the consumer commits the
offset. Sending happens later, in the dispatcher, so a slow or broken channel never holds up
the partition, and a crash after this commit loses nothing.

Duplicates (a redelivered record, the producer's retry) hit the unique idempotency keys and
write nothing. The email cadence decides between sending now and a digest; past the per-user
rate limit an immediate email joins the next hourly digest and push/SMS are skipped. Account
emails (auth.email.v1) are never limited nor digested, nor are phone codes (profiles.phone.v1):
one SMS to the number being verified, keyed `phone:{verification_id}`, dropped once expired.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.auth import EMAIL as AUTH_EMAIL
from common.contracts.profiles_phone import PHONE, PhoneVerificationRequested
from common.contracts.subscriptions import (
    NOTIFICATION_REQUEST,
    Cadence,
    Channel,
    NotificationRequest,
    NotificationType,
)
from common.db import Database
from common.events import Event, PoisonMessage
from common.ids import new_id
from common.live import Live
from common.logging import get_logger
from subgraphs.notifications.inbox import inbox_channel
from subgraphs.notifications.messages import PHONE_CODE, expired, template_name
from subgraphs.notifications.metrics import DELIVERIES
from subgraphs.notifications.models import Delivery, InboxItem, PushSubscription, State
from subgraphs.notifications.settings import Settings

log = get_logger(__name__)

TOPICS = (NOTIFICATION_REQUEST.name, AUTH_EMAIL.name, PHONE.name)
EXTERNAL = (Channel.EMAIL, Channel.PUSH, Channel.SMS)
UNLIMITED_TYPES = (NotificationType.ACCOUNT_SECURITY,)
COUNTED_STATES = (State.PENDING, State.SENT, State.FAILED, State.DEAD)


def request_from_event(event: Event) -> NotificationRequest:
    """The request an event asks for; auth's account emails become ACCOUNT_SECURITY emails to
    the explicit address, recipient = the record key (auth's user id)."""
    if event.topic == NOTIFICATION_REQUEST.name:
        return NOTIFICATION_REQUEST.parse(event.payload)
    if event.topic == AUTH_EMAIL.name:
        email = AUTH_EMAIL.parse(event.payload)
        try:
            recipient = uuid.UUID(event.key or "")
        except ValueError:
            recipient = None
        return NotificationRequest(
            idempotency_key=f"{AUTH_EMAIL.name}:{event.id}",
            recipient_id=recipient,
            type=NotificationType.ACCOUNT_SECURITY,
            channels=[Channel.EMAIL],
            source_event_id=event.id,
            subject_kind="ACCOUNT",
            data={"template": email.template.value, "link": email.link},
            email_to=email.to,
        )
    if event.topic == PHONE.name:
        return phone_code_request(PHONE.parse(event.payload), event.id)
    raise PoisonMessage(f"unexpected topic {event.topic}")


def phone_code_request(code: PhoneVerificationRequested, event_id: str) -> NotificationRequest:
    """The code as an SMS-only ACCOUNT_SECURITY request to the number being verified (not the
    user's verified one), in the locale profiles sent, keyed by the verification."""
    return NotificationRequest(
        idempotency_key=f"phone:{code.verification_id}",
        recipient_id=code.user_id,
        type=NotificationType.ACCOUNT_SECURITY,
        channels=[Channel.SMS],
        source_event_id=event_id,
        subject_kind="ACCOUNT",
        data={
            "template": PHONE_CODE,
            "code": code.code,
            "phone": code.phone,
            "locale": code.locale.value,
            "expires_at": code.expires_at.isoformat(),
        },
    )


def sms_address(request: NotificationRequest) -> str | None:
    """Phone codes go to the number in the request; everything else to the verified phone
    the dispatcher looks up."""
    return request.data.get("phone") if template_name(request) == PHONE_CODE else None


def requested_at(event: Event) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(event.occurred_at)
    except ValueError:
        return dt.datetime.now(dt.UTC)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def next_digest(cadence: Cadence, now: dt.datetime, settings: Settings) -> dt.datetime:
    """When a digest of this cadence next goes out (hourly: rate-limited immediate emails)."""
    if cadence is Cadence.IMMEDIATE:
        return now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    at = now.replace(hour=settings.digest_hour_utc, minute=0, second=0, microsecond=0)
    if at <= now:
        at += dt.timedelta(days=1)
    if cadence is Cadence.WEEKLY:
        at += dt.timedelta(days=(settings.digest_weekday - at.weekday()) % 7)
    return at


@dataclass
class Intake:
    db: Database
    settings: Settings
    configured: frozenset[Channel]
    #: Called after a commit that queued sendable deliveries (wakes the dispatcher).
    on_queued: Callable[[], None] = lambda: None
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Announces new inbox items to the viewer's live subscriptions (common.live).
    live: Live | None = None

    async def __call__(self, event: Event) -> None:
        request = request_from_event(event)
        if request.recipient_id is None and not request.email_to:
            raise PoisonMessage("a request needs a recipient_id or an email_to")
        if expired(request, dt.datetime.now(dt.UTC)):
            log.info("expired request dropped", request=request.idempotency_key)
            return
        outcomes: Counter[tuple[str, str]] = Counter()
        added: list[uuid.UUID] = []
        async with self.db.transaction() as session:
            queued = await self.accept(session, request, event, outcomes, added)
        if self.live is not None and request.recipient_id is not None:
            for item_id in added:  # after the commit: listeners read the row
                await self.live.publish(
                    inbox_channel(request.recipient_id), {"kind": "added", "id": str(item_id)}
                )
        for (channel, outcome), count in outcomes.items():
            DELIVERIES.labels(channel, outcome).inc(count)
        log.info(
            "notification request accepted",
            request=request.idempotency_key,
            type=request.type.value,
            channels=[c.value for c in request.channels],
            queued=queued,
        )
        if queued:
            self.on_queued()

    async def accept(
        self,
        session: AsyncSession,
        request: NotificationRequest,
        event: Event,
        outcomes: Counter[tuple[str, str]],
        added: list[uuid.UUID] | None = None,
    ) -> int:
        """Write the inbox item and the delivery rows; returns how many are to be sent now.
        A new inbox item's id is appended to ``added`` (a replayed request adds none)."""
        now = dt.datetime.now(dt.UTC)
        at = requested_at(event)
        if Channel.IN_APP in request.channels and request.recipient_id is not None:
            item_id = await session.scalar(
                insert(InboxItem)
                .values(
                    id=new_id(),
                    recipient_id=request.recipient_id,
                    request_key=request.idempotency_key,
                    type=request.type.value,
                    actor_id=request.actor_id,
                    subject_kind=request.subject_kind,
                    subject_id=request.subject_id,
                    data=request.data,
                    created_at=at,
                )
                .on_conflict_do_nothing(index_elements=["request_key"])
                .returning(InboxItem.id)
            )
            if item_id is not None and added is not None:
                added.append(item_id)
        rows: list[dict[str, Any]] = []
        base = {
            "request_key": request.idempotency_key,
            "recipient_id": request.recipient_id,
            "type": request.type.value,
            "request": request.model_dump(mode="json"),
            "track_id": event.track_id,
            "attempts": 0,
            "requested_at": at,
            # one multi-row INSERT needs the same columns in every row
            "address": None,
            "push_subscription_id": None,
            "next_attempt_at": None,
            "digest_due_at": None,
            "reason": None,
        }

        def row(channel: Channel, state: State, suffix: str = "", **more: Any) -> None:
            key = f"{request.idempotency_key}:{channel.value}{suffix}"
            rows.append(
                {**base, "id": new_id(), "idempotency_key": key, "channel": channel.value}
                | {"state": state, **more}
            )

        for channel in dict.fromkeys(c for c in request.channels if c in EXTERNAL):
            if channel not in self.configured:
                row(channel, State.SKIPPED, reason="not_configured")
                continue
            limited = await self._over_limit(session, request, channel, now)
            if channel is Channel.EMAIL:
                cadence = request.email_cadence
                if cadence is Cadence.OFF:
                    row(channel, State.SKIPPED, reason="cadence_off")
                elif (cadence is not Cadence.IMMEDIATE or limited) and request.recipient_id:
                    row(
                        channel,
                        State.DIGEST,
                        digest_due_at=next_digest(cadence, now, self.settings),
                        reason="rate_limited" if limited else None,
                        address=request.email_to,
                    )
                else:
                    row(channel, State.PENDING, next_attempt_at=now, address=request.email_to)
            elif limited:
                row(channel, State.SKIPPED, reason="rate_limited")
            elif channel is Channel.PUSH:
                subscriptions = await self._push_subscriptions(session, request.recipient_id)
                if not subscriptions:
                    row(channel, State.SKIPPED, reason="no_address")
                for subscription_id in subscriptions:
                    row(
                        channel,
                        State.PENDING,
                        f":{subscription_id}",
                        next_attempt_at=now,
                        push_subscription_id=subscription_id,
                    )
            else:
                row(channel, State.PENDING, next_attempt_at=now, address=sms_address(request))
        if not rows:
            return 0
        inserted = await session.execute(
            insert(Delivery)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(Delivery.channel, Delivery.state, Delivery.reason)
        )
        queued = 0
        for channel_name, state, reason in inserted.all():
            if state == State.PENDING:
                queued += 1
            elif state == State.SKIPPED:
                outcomes[(channel_name, f"skipped_{reason}")] += 1
            elif state == State.DIGEST:
                outcomes[(channel_name, "digest")] += 1
        return queued

    async def _over_limit(
        self,
        session: AsyncSession,
        request: NotificationRequest,
        channel: Channel,
        now: dt.datetime,
    ) -> bool:
        if request.recipient_id is None or request.type in UNLIMITED_TYPES:
            return False
        sent = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(
                Delivery.recipient_id == request.recipient_id,
                Delivery.channel == channel.value,
                Delivery.created_at > now - dt.timedelta(hours=1),
                Delivery.state.in_([s.value for s in COUNTED_STATES]),
                Delivery.type.not_in([t.value for t in UNLIMITED_TYPES]),
            )
        )
        return (sent or 0) >= self.settings.rate_limit_per_hour

    async def _push_subscriptions(
        self, session: AsyncSession, user_id: uuid.UUID | None
    ) -> list[uuid.UUID]:
        if user_id is None:
            return []
        found = await session.scalars(
            select(PushSubscription.id).where(PushSubscription.user_id == user_id)
        )
        return list(found)

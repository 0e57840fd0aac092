r"""The notifications database: one delivery row per (request, channel[, device]), the in-app
inbox, and the browsers' web-push subscriptions.

A delivery's life (`state`):

    PENDING --send ok--> SENT
       |  \--transient failure--> PENDING (attempts+1, next_attempt_at later) ... --> DEAD
       |  \--permanent failure--> FAILED              (DEAD also goes to the dead-letter topic)
       \--no address / channel not configured / over the rate limit--> SKIPPED
    DIGEST --the digest window closes--> DIGESTED (one digest delivery carries them)

A worker claims due PENDING rows by pushing `next_attempt_at` past a lease (FOR UPDATE SKIP
LOCKED), so replicas share the work and a worker that dies mid-send releases it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.outbox import outbox_table

KEY_MAX = 300
ENDPOINT_MAX = 2048
TITLE_MAX = 300


class Base(DeclarativeBase):
    pass


class State(StrEnum):
    PENDING = "PENDING"
    SENT = "SENT"
    FAILED = "FAILED"
    DEAD = "DEAD"
    SKIPPED = "SKIPPED"
    DIGEST = "DIGEST"
    DIGESTED = "DIGESTED"


class Delivery(Base):
    __tablename__ = "deliveries"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    #: request key + ":" + channel (+ ":" + push subscription id); unique: nothing twice.
    idempotency_key: Mapped[str] = mapped_column(String(KEY_MAX), nullable=False, unique=True)
    request_key: Mapped[str] = mapped_column(String(KEY_MAX), nullable=False)
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    #: The request as received (NotificationRequest JSON): what the templates render.
    request: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    #: An explicit address (account emails, type EMAIL); else looked up when sending.
    address: Mapped[str | None] = mapped_column(Text)
    push_subscription_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    track_id: Mapped[str | None] = mapped_column(String(128))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    #: Why it was SKIPPED / FAILED in one word (not_configured, no_address, rate_limited, ...).
    reason: Mapped[str | None] = mapped_column(String(64))
    #: When the source event happened: delivery latency is measured from it.
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: DIGEST rows: when their digest goes out; DIGESTED rows: the digest that carried them.
    digest_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    digest_key: Mapped[str | None] = mapped_column(String(KEY_MAX))

    __table_args__ = (
        Index("deliveries_due", "next_attempt_at", postgresql_where=text("state = 'PENDING'")),
        Index(
            "deliveries_digest_due",
            "digest_due_at",
            "recipient_id",
            postgresql_where=text("state = 'DIGEST'"),
        ),
        Index("deliveries_recipient_recent", "recipient_id", "channel", "created_at"),
        Index("deliveries_request", "request_key"),
    )


class InboxItem(Base):
    """One notification in a user's in-app inbox (written whatever the other channels do)."""

    __tablename__ = "inbox_items"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    recipient_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    request_key: Mapped[str] = mapped_column(String(KEY_MAX), nullable=False, unique=True)
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    subject_kind: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, str]] = mapped_column(JSONB, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("inbox_items_recipient", "recipient_id", "id"),
        Index(
            "inbox_items_unread",
            "recipient_id",
            "id",
            postgresql_where=text("read_at IS NULL"),
        ),
    )


class PushSubscription(Base):
    """A browser's Push API subscription: where to POST and the keys to encrypt for."""

    __tablename__ = "push_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False, index=True)
    endpoint: Mapped[str] = mapped_column(String(ENDPOINT_MAX), nullable=False, unique=True)
    p256dh: Mapped[str] = mapped_column(String(128), nullable=False)
    auth: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


#: The dead-letter events (common.contracts.notifications), published by the outbox relay.
outbox = outbox_table(Base.metadata)

"""What subscriptions publishes: one notification request per recipient per event.

    topic                                  key            payload
    subscriptions.notification-request.v1  recipient id   NotificationRequest

The notifications service consumes it and delivers on each listed channel; `idempotency_key`
(source event id + recipient) makes replays and restarts deliver nothing twice.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field

from common.contracts.topic import Contract, Topic


class NotificationType(StrEnum):
    """What happened, as the recipient's preferences name it."""

    NEW_POST_BY_AUTHOR = "NEW_POST_BY_AUTHOR"
    NEW_POST_IN_TAG = "NEW_POST_IN_TAG"
    REPLY_TO_COMMENT = "REPLY_TO_COMMENT"
    COMMENT_ON_POST = "COMMENT_ON_POST"
    COMMENT_IN_THREAD = "COMMENT_IN_THREAD"
    MODERATION = "MODERATION"
    ACCOUNT_SECURITY = "ACCOUNT_SECURITY"
    EMAIL = "EMAIL"
    """A free-form email (upstream's PutSendEmailEvent / POST /subscriptions/event/email)."""


class Channel(StrEnum):
    EMAIL = "EMAIL"
    PUSH = "PUSH"
    SMS = "SMS"
    IN_APP = "IN_APP"


class Cadence(StrEnum):
    """How email is sent for one type: at once, gathered into a digest, or not at all."""

    IMMEDIATE = "IMMEDIATE"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    OFF = "OFF"


class NotificationRequest(Contract):
    """Deliver one notification to one recipient on the listed channels."""

    idempotency_key: str = Field(description="source event id + ':' + recipient id")
    recipient_id: uuid.UUID | None
    """The user notified; None only for type EMAIL sent to an explicit `email_to`."""
    type: NotificationType
    channels: list[Channel]
    email_cadence: Cadence = Cadence.IMMEDIATE
    actor_id: uuid.UUID | None = None
    """Who caused it (the post's author, the commenter); None for system notifications."""
    source_event_id: str
    subject_kind: str | None = None
    """What it is about: "POST", "COMMENT", "ACCOUNT"; with `subject_id` it makes the link."""
    subject_id: str | None = None
    data: dict[str, str] = Field(default_factory=dict)
    """Facts the templates show (post topic, slug, comment preview, author name, ...)."""
    unsubscribe_token: str | None = None
    """Signed (recipient, type) token for List-Unsubscribe; None for ACCOUNT_SECURITY."""
    email_to: str | None = None
    """Only for type EMAIL: an explicit address; otherwise notifications looks it up."""
    email_subject: str | None = None
    email_body: str | None = None
    email_sender: str | None = None


NOTIFICATION_REQUEST = Topic(
    "subscriptions.notification-request.v1", NotificationRequest, key="recipient id or email_to"
)

"""What auth publishes (through its outbox). It consumes nothing.

topic          key       types / payload
auth.user.v1   user id   UserRegistered, UserConfirmed, UserRoleChanged, UserStateChanged,
                         UserEmailChanged                       payload: UserChanged
auth.email.v1  user id   EmailRequested                         payload: EmailRequested
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from common.contracts.topic import Contract, Topic


class UserEvent(StrEnum):
    REGISTERED = "UserRegistered"
    CONFIRMED = "UserConfirmed"
    ROLE_CHANGED = "UserRoleChanged"
    STATE_CHANGED = "UserStateChanged"
    EMAIL_CHANGED = "UserEmailChanged"


class UserChanged(Contract):
    """The account as it is after the change; fields a type does not touch may be absent."""

    user_id: uuid.UUID
    email: str | None = None
    role: str | None = None
    state: str | None = None
    created_at: str | None = None
    previous_email: str | None = None
    previous_role: str | None = None
    previous_state: str | None = None
    changed_by: uuid.UUID | None = None
    """Who made the change (an OWNER, the user themself); None for a command-line change."""


class EmailTemplate(StrEnum):
    CONFIRM_EMAIL = "confirm_email"
    RESET_PASSWORD = "reset_password"


class EmailRequested(Contract):
    """An account email (confirmation, password restore) the notifications service delivers."""

    to: str
    template: EmailTemplate
    subject: str
    link: str
    token: str


EMAIL_REQUESTED = "EmailRequested"
USER = Topic("auth.user.v1", UserChanged, key="the user id")
EMAIL = Topic("auth.email.v1", EmailRequested, key="the user id")

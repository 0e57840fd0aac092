"""What auth publishes (through its outbox). It consumes nothing.

auth.user.v1   key = user id   UserRegistered, UserConfirmed, UserRoleChanged, UserStateChanged,
                               UserEmailChanged
auth.email.v1  key = user id   EmailRequested {to, template, subject, link, token}
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.outbox import add_event
from subgraphs.auth.models import outbox

USER_TOPIC = "auth.user.v1"
EMAIL_TOPIC = "auth.email.v1"

USER_REGISTERED = "UserRegistered"
USER_CONFIRMED = "UserConfirmed"
USER_ROLE_CHANGED = "UserRoleChanged"
USER_STATE_CHANGED = "UserStateChanged"
USER_EMAIL_CHANGED = "UserEmailChanged"
EMAIL_REQUESTED = "EmailRequested"

CONFIRM_TEMPLATE = "confirm_email"
RESET_TEMPLATE = "reset_password"
SUBJECTS = {
    CONFIRM_TEMPLATE: "Confirm your email at Indefinite Studies",
    RESET_TEMPLATE: "Restore your password at Indefinite Studies",
}


async def user_event(
    session: AsyncSession, type: str, user_id: uuid.UUID, **payload: Any
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=USER_TOPIC,
        key=str(user_id),
        type=type,
        payload={"user_id": str(user_id), **payload},
    )


async def user_registered(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    email: str,
    role: str,
    state: str,
    created_at: dt.datetime,
) -> None:
    await user_event(
        session,
        USER_REGISTERED,
        user_id,
        email=email,
        role=role,
        state=state,
        created_at=created_at.isoformat(),
    )


async def email_requested(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    to: str,
    template: str,
    link: str,
    token: str,
) -> str:
    """Write the request; returns its subject (the caller logs it once committed)."""
    subject = SUBJECTS[template]
    await add_event(
        session,
        outbox,
        topic=EMAIL_TOPIC,
        key=str(user_id),
        type=EMAIL_REQUESTED,
        payload={"to": to, "template": template, "subject": subject, "link": link, "token": token},
    )
    return subject

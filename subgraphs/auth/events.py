"""What auth publishes (through its outbox), as declared in common/contracts/auth.py. It consumes
nothing.

auth.user.v1   key = user id   UserRegistered, UserConfirmed, UserRoleChanged, UserStateChanged,
                               UserEmailChanged
auth.email.v1  key = user id   EmailRequested {to, template, subject, link, token}
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.auth import (
    EMAIL,
    EMAIL_REQUESTED,
    USER,
    EmailRequested,
    EmailTemplate,
    UserChanged,
    UserEvent,
)
from common.outbox import add_event
from subgraphs.auth.models import outbox

USER_TOPIC = USER.name
EMAIL_TOPIC = EMAIL.name

USER_REGISTERED = UserEvent.REGISTERED
USER_CONFIRMED = UserEvent.CONFIRMED
USER_ROLE_CHANGED = UserEvent.ROLE_CHANGED
USER_STATE_CHANGED = UserEvent.STATE_CHANGED
USER_EMAIL_CHANGED = UserEvent.EMAIL_CHANGED

CONFIRM_TEMPLATE = EmailTemplate.CONFIRM_EMAIL
RESET_TEMPLATE = EmailTemplate.RESET_PASSWORD
SUBJECTS = {
    CONFIRM_TEMPLATE: "Confirm your email at Indefinite Studies",
    RESET_TEMPLATE: "Restore your password at Indefinite Studies",
}


async def user_event(
    session: AsyncSession, type: UserEvent, user_id: uuid.UUID, **payload: Any
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=USER.name,
        key=str(user_id),
        type=type.value,
        payload=USER.dump(UserChanged(user_id=user_id, **payload)),
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
    template: EmailTemplate,
    link: str,
    token: str,
) -> str:
    """Write the request; returns its subject (the caller logs it once committed)."""
    subject = SUBJECTS[template]
    request = EmailRequested(to=to, template=template, subject=subject, link=link, token=token)
    await add_event(
        session,
        outbox,
        topic=EMAIL.name,
        key=str(user_id),
        type=EMAIL_REQUESTED,
        payload=EMAIL.dump(request),
    )
    return subject

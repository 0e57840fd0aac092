"""What profiles publishes about phone numbers (through its outbox).

    topic              key       types / payload
    profiles.phone.v1  user id   PhoneVerificationRequested    payload: PhoneVerificationRequested

The notifications service consumes it and sends the code by SMS to `phone` (the number being
verified, so not yet the user's verified number), in the user's `locale`. The code is in the
clear only here and in the SMS: profiles stores it hashed. A consumer that finds the request
expired (`expires_at` in the past) drops it: the user has asked for a new code or given up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import Field

from common.contracts.topic import Contract, Topic


class PhoneEvent(StrEnum):
    VERIFICATION_REQUESTED = "PhoneVerificationRequested"


class Locale(StrEnum):
    """The languages notifications are written in; a profile without one reads English."""

    EN = "en"
    RU = "ru"


class PhoneVerificationRequested(Contract):
    """Send `code` by SMS to `phone`: the user set this number and must prove it is theirs."""

    user_id: uuid.UUID
    phone: str = Field(description="E.164, e.g. +14155550123")
    code: str = Field(pattern=r"^[0-9]{6}$")
    locale: Locale = Locale.EN
    expires_at: dt.datetime
    verification_id: uuid.UUID = Field(
        description="One per code sent: notifications' idempotency key for the SMS"
    )


PHONE = Topic("profiles.phone.v1", PhoneVerificationRequested, key="the user id")

"""A user's phone number: set it (E.164, validated with `phonenumbers`), prove it with the code
sent to it by SMS, remove it. Only a verified number is anyone's contact for notifications.

The code is 6 digits from `secrets`, stored as HMAC-SHA256(secret, user id, number, code) and
compared in constant time; it expires, allows a few wrong attempts and is void after them.
Sending one writes `PhoneVerificationRequested` (common.contracts.profiles_phone) to the outbox
in the same transaction; the notifications service sends the SMS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Final

import phonenumbers
from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.profiles_phone import (
    PHONE,
    Locale,
    PhoneEvent,
    PhoneVerificationRequested,
)
from common.db import Database
from common.errors import BadUserInput, NotFound, RateLimited
from common.ids import new_id
from common.outbox import add_event
from subgraphs.profiles.models import PhoneCodeSend, PhoneNumber, Profile, outbox
from subgraphs.profiles.settings import Settings

CODE_DIGITS: Final = 6
#: Longer input is refused before parsing (a formatted E.164 number is at most ~25 characters).
PHONE_INPUT_MAX: Final = 32
SEND_WINDOW: Final = dt.timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class CodePolicy:
    secret: bytes
    ttl: dt.timedelta
    attempts: int
    resend_after: dt.timedelta
    per_hour: int

    @classmethod
    def from_settings(cls, settings: Settings) -> CodePolicy:
        return cls(
            secret=settings.phone_code_secret.encode(),
            ttl=dt.timedelta(seconds=settings.phone_code_ttl_seconds),
            attempts=settings.phone_code_attempts,
            resend_after=dt.timedelta(seconds=settings.phone_code_resend_seconds),
            per_hour=settings.phone_codes_per_hour,
        )


def normalize_phone(phone: str) -> str:
    """The number in E.164, or BAD_USER_INPUT: international form only ("+" and the country
    code), and a number that can exist in its country's numbering plan."""
    problem = BadUserInput(
        "A phone number is in international form, such as +14155550123", field="phone"
    )
    text = phone.strip()
    if not text.startswith("+") or len(text) > PHONE_INPUT_MAX:
        raise problem
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        raise problem from None
    if not phonenumbers.is_valid_number(parsed):
        raise problem
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def effective_locale(profile: Profile) -> Locale:
    try:
        return Locale(profile.locale or Locale.EN)
    except ValueError:
        return Locale.EN


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PhoneService:
    def __init__(self, db: Database, policy: CodePolicy) -> None:
        self.db = db
        self.policy = policy

    def _digest(self, user_id: uuid.UUID, number: str, code: str) -> bytes:
        message = f"{user_id}:{number}:{code}".encode()
        return hmac.new(self.policy.secret, message, hashlib.sha256).digest()

    async def get(self, *, user_id: uuid.UUID) -> PhoneNumber | None:
        async with self.db.session() as session:
            return await session.get(PhoneNumber, user_id)

    async def set(self, *, user_id: uuid.UUID, phone: str) -> PhoneNumber:
        """Store `phone` unverified and send it a new code. The same number already verified
        stays as it is (nothing is sent); another code within the resend interval, or past the
        hourly cap of the user or of the number, is RATE_LIMITED."""
        number = normalize_phone(phone)
        now = _now()
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        async with self.db.transaction() as session:
            profile = await session.get(Profile, user_id, with_for_update=True)
            if profile is None:
                raise NotFound("No such profile", id=str(user_id))
            row = await session.get(PhoneNumber, user_id, with_for_update=True)
            if row is not None:
                if row.number == number and row.verified_at is not None:
                    return row
                if row.code_sent_at is not None and now - row.code_sent_at < (
                    self.policy.resend_after
                ):
                    wait = self.policy.resend_after - (now - row.code_sent_at)
                    raise RateLimited(
                        "A code was sent moments ago; wait before asking for another",
                        retryAfter=max(1, int(wait.total_seconds())),
                    )
            await self._count_send(session, user_id=user_id, number=number, now=now)
            if row is None:
                row = PhoneNumber(user_id=user_id)
                session.add(row)
            row.number = number
            row.verified_at = None
            row.code_hash = self._digest(user_id, number, code)
            row.code_expires_at = now + self.policy.ttl
            row.attempts_left = self.policy.attempts
            row.code_sent_at = now
            row.updated_at = now
            await session.flush()
            request = PhoneVerificationRequested(
                user_id=user_id,
                phone=number,
                code=code,
                locale=effective_locale(profile),
                expires_at=row.code_expires_at,
                verification_id=new_id(),
            )
            await add_event(
                session,
                outbox,
                topic=PHONE.name,
                key=str(user_id),
                type=PhoneEvent.VERIFICATION_REQUESTED,
                payload=PHONE.dump(request),
            )
        return row

    async def _count_send(
        self, session: AsyncSession, *, user_id: uuid.UUID, number: str, now: dt.datetime
    ) -> None:
        """RATE_LIMITED when this user, or anyone, sent `per_hour` codes (to this number) in
        the last hour; otherwise count this one. The user is serialized by the caller's row
        lock, the number by a transaction-scoped advisory lock on it."""
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:number, 0))"), {"number": number}
        )
        # Every send prunes all rows past the window, so the table holds about an hour of
        # sends and no number outlives its hour (a deleted profile's go with it at once).
        await session.execute(
            delete(PhoneCodeSend).where(PhoneCodeSend.sent_at <= now - SEND_WINDOW)
        )
        mine = or_(PhoneCodeSend.user_id == user_id, PhoneCodeSend.number == number)
        by_user, by_number = (
            await session.execute(
                select(
                    func.count().filter(PhoneCodeSend.user_id == user_id),
                    func.count().filter(PhoneCodeSend.number == number),
                ).where(mine)
            )
        ).one()
        if max(by_user, by_number) >= self.policy.per_hour:
            raise RateLimited(
                "Too many codes sent in the last hour; try again later",
                retryAfter=int(SEND_WINDOW.total_seconds()),
            )
        session.add(PhoneCodeSend(id=new_id(), user_id=user_id, number=number, sent_at=now))

    async def verify(self, *, user_id: uuid.UUID, code: str) -> PhoneNumber:
        """Mark the number verified when `code` is the one sent to it. A wrong code uses up an
        attempt (BAD_USER_INPUT with `attemptsLeft`); when none are left, or the code expired,
        the user asks for a new one with setPhoneNumber."""
        code = code.strip()
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise BadUserInput(f"A code is {CODE_DIGITS} digits", field="code")
        now = _now()
        async with self.db.transaction() as session:
            row = await session.get(PhoneNumber, user_id, with_for_update=True)
            if row is None or row.code_hash is None or row.code_expires_at is None:
                raise BadUserInput("No verification code is pending", field="code")
            if row.code_expires_at <= now:
                raise BadUserInput("The code has expired; ask for a new one", field="code")
            if row.attempts_left <= 0:
                raise RateLimited("Too many wrong codes; ask for a new one")
            if hmac.compare_digest(row.code_hash, self._digest(user_id, row.number, code)):
                row.verified_at = now
                row.code_hash = None
                row.code_expires_at = None
                row.attempts_left = 0
                row.updated_at = now
                return row
            row.attempts_left -= 1
            row.updated_at = now
            attempts_left = row.attempts_left
        # Raised after the commit, so the spent attempt counts.
        raise BadUserInput("Wrong code", field="code", attemptsLeft=attempts_left)

    async def remove(self, *, user_id: uuid.UUID) -> bool:
        """Forget the number (verified or not); False when there was none."""
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(PhoneNumber).where(PhoneNumber.user_id == user_id)
            )
        return bool(getattr(result, "rowcount", 0))

    async def contact(self, *, user_id: uuid.UUID) -> tuple[Profile, str | None]:
        """The profile and its verified number (None without one): what notifications needs."""
        async with self.db.session() as session:
            found = (
                await session.execute(
                    select(Profile, PhoneNumber)
                    .outerjoin(PhoneNumber, PhoneNumber.user_id == Profile.user_id)
                    .where(Profile.user_id == user_id)
                )
            ).first()
        if found is None:
            raise NotFound("No such profile", id=str(user_id))
        profile, phone = found
        verified = phone is not None and phone.verified_at is not None
        return profile, phone.number if verified else None

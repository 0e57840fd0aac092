"""A phone number's verification code, from profiles to the phone: setPhoneNumber through the
router -> profiles' outbox -> profiles.phone.v1 -> notifications -> exactly one SMS at moto's
SNS to the number being verified, in the user's locale; its code verifies the number. A
request that has expired by the time it is consumed sends nothing."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from common.auth import Role
from common.contracts.profiles_phone import (
    PHONE,
    Locale,
    PhoneEvent,
    PhoneVerificationRequested,
)
from tests.notifications.support import Requests, deliveries, sent_sms
from tests.support.platform import Platform
from tests.support.polling import eventually
from tests.support.s3 import MotoServer

SET = """mutation($phone: String!) {
  setPhoneNumber(phone: $phone) { phoneNumber { number verified } }
}"""
VERIFY = "mutation($code: String!) { verifyPhoneNumber(code: $code) { phoneNumber { verified } } }"


def unique_phone() -> str:
    """A US test number (555-01xx is reserved for fiction) no other test uses."""
    return f"+1415555{uuid.uuid4().int % 10_000:04d}"


async def texts_to(moto: MotoServer, phone: str) -> list[str]:
    return [text for number, text in await sent_sms(moto) if number == phone]


async def test_setting_a_phone_sends_one_sms_whose_code_verifies_it(
    platform: Platform, sns: MotoServer
) -> None:
    user = await platform.new_user(Role.READER)
    await platform.data("mutation { updateProfile(input: {locale: RU}) { id } }", user=user)
    phone = unique_phone()
    data = await platform.data(SET, {"phone": phone}, user=user)
    assert data["setPhoneNumber"]["phoneNumber"] == {"number": phone, "verified": False}

    [text] = await eventually(lambda: texts_to(sns, phone), within=90, what="the code's SMS")
    assert "Indefinite Studies" in text
    assert "код" in text  # in the user's locale
    [code] = re.findall(r"\b[0-9]{6}\b", text)

    data = await platform.data(VERIFY, {"code": code}, user=user)
    assert data["verifyPhoneNumber"]["phoneNumber"] == {"verified": True}
    assert await texts_to(sns, phone) == [text]


async def test_an_expired_code_is_dropped_and_a_redelivered_one_sent_once(
    platform: Platform, sns: MotoServer, requests: Requests
) -> None:
    user_id, phone = uuid.uuid4(), unique_phone()
    now = dt.datetime.now(dt.UTC)

    def code(value: str, expires_at: dt.datetime) -> PhoneVerificationRequested:
        return PhoneVerificationRequested(
            user_id=user_id,
            phone=phone,
            code=value,
            locale=Locale.EN,
            expires_at=expires_at,
            verification_id=uuid.uuid4(),
        )

    stale = code("111111", now - dt.timedelta(seconds=1))
    fresh = code("222222", now + dt.timedelta(minutes=10))
    # one key, one partition: the stale request is consumed before the fresh one (twice)
    for request in (stale, fresh, fresh):
        await requests.publish_event(
            PHONE.name, PhoneEvent.VERIFICATION_REQUESTED, PHONE.dump(request), str(user_id)
        )

    [text] = await eventually(lambda: texts_to(sns, phone), within=60, what="the fresh SMS")
    assert text.startswith("222222 is your Indefinite Studies code")
    target = platform.services["notifications"].grpc_target

    async def recorded() -> list[tuple[str, str]]:
        # the SMS reaches moto before the dispatcher records the send
        rows = await deliveries(target, f"phone:{fresh.verification_id}")
        return [(row.channel, row.state) for row in rows if row.state != "PENDING"]

    assert await eventually(recorded, within=30, what="the send recorded") == [("SMS", "SENT")]
    assert await deliveries(target, f"phone:{stale.verification_id}") == []

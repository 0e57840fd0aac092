"""The phone number and locale: set, verify by the code sent by SMS (an outbox event), remove;
only the owner sees them; notifications reads them through gRPC GetContact."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import uuid
from typing import Any

import grpc
import pytest
from sqlalchemy import func, select, update

from common.auth import Role
from common.contracts.profiles_phone import PHONE, Locale, PhoneEvent
from common.db import Database
from common.ids import new_id
from protos.indefinite.profiles.v1 import profiles_pb2
from subgraphs.profiles.models import PhoneCodeSend, PhoneNumber
from tests.profiles.support import Profiles, create_profile, error_code, gql, outbox_events

PHONE_FIELDS = "phoneNumber { number verified verifiedAt codeExpiresAt attemptsLeft }"
SET = f"mutation($phone: String!) {{ setPhoneNumber(phone: $phone) {{ id {PHONE_FIELDS} }} }}"
VERIFY = f"mutation($code: String!) {{ verifyPhoneNumber(code: $code) {{ id {PHONE_FIELDS} }} }}"
REMOVE = f"mutation {{ removePhoneNumber {{ id {PHONE_FIELDS} }} }}"
PRIVATE = f"query($id: ID!) {{ user(id: $id) {{ id locale {PHONE_FIELDS} }} }}"
LOCALE = "mutation($locale: Locale) { updateProfile(input: {locale: $locale}) { id locale } }"


def new_number() -> tuple[str, str]:
    """A fresh valid number as a user types it, and in E.164 (numbers are rate limited per
    hour across users, so tests do not share them)."""
    line = secrets.randbelow(10**7)
    digits = f"{line:07d}"
    return f"+7 (912) {digits[:3]}-{digits[3:5]}-{digits[5:]}", f"+7912{digits}"


async def new_user(profiles: Profiles, stub: Any) -> tuple[str, str]:
    created = await create_profile(stub)
    token = profiles.keys.mint(user_id=uuid.UUID(created.user_id), role=Role.READER)
    return created.user_id, token


async def sent_codes(profiles: Profiles, user_id: str) -> list[dict[str, Any]]:
    """The verification requests written for this user, oldest first (validated payloads)."""
    rows = await outbox_events(profiles, user_id)
    found = []
    for row in rows:
        if row["topic"] == PHONE.name:
            assert row["type"] == PhoneEvent.VERIFICATION_REQUESTED
            found.append(PHONE.dump(PHONE.parse(row["payload"])))
    return found


async def last_code(profiles: Profiles, user_id: str) -> str:
    code: str = (await sent_codes(profiles, user_id))[-1]["code"]
    return code


async def with_pending_code(profiles: Profiles, stub: Any) -> tuple[str, str, str, str]:
    """A new user who set a fresh number: (user id, token, the number in E.164, its code)."""
    number, e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    body = await gql(profiles, SET, {"phone": number}, token=token)
    assert "errors" not in body, body
    return user_id, token, e164, await last_code(profiles, user_id)


async def phone_row(profiles: Profiles, user_id: str) -> PhoneNumber | None:
    db = Database(profiles.database_url, pool_size=1)
    try:
        async with db.session() as session:
            return await session.get(PhoneNumber, uuid.UUID(user_id))
    finally:
        await db.close()


async def sends_of(profiles: Profiles, user_id: str) -> int:
    db = Database(profiles.database_url, pool_size=1)
    try:
        async with db.session() as session:
            count = await session.scalar(
                select(func.count()).where(PhoneCodeSend.user_id == uuid.UUID(user_id))
            )
    finally:
        await db.close()
    return int(count or 0)


async def change_row(profiles: Profiles, user_id: str, **values: Any) -> None:
    db = Database(profiles.database_url, pool_size=1)
    try:
        async with db.transaction() as session:
            await session.execute(
                update(PhoneNumber)
                .where(PhoneNumber.user_id == uuid.UUID(user_id))
                .values(**values)
            )
    finally:
        await db.close()


async def age_sends(profiles: Profiles, *, seconds: int, **where: Any) -> None:
    """Move the recorded code sends (of a user_id or number) `seconds` into the past."""
    db = Database(profiles.database_url, pool_size=1)
    try:
        async with db.transaction() as session:
            conditions = [getattr(PhoneCodeSend, k) == v for k, v in where.items()]
            await session.execute(
                update(PhoneCodeSend)
                .where(*conditions)
                .values(sent_at=PhoneCodeSend.sent_at - dt.timedelta(seconds=seconds))
            )
    finally:
        await db.close()


async def contact(stub: Any, user_id: str) -> profiles_pb2.Contact:
    reply: profiles_pb2.Contact = await stub.GetContact(
        profiles_pb2.GetContactRequest(user_id=user_id)
    )
    return reply


@pytest.mark.parametrize(
    "phone",
    ["", "4155550132", "+1 415 555", "+999 1234567", "phone", "+1" + "5" * 40, "+7 000 000-00-00"],
)
async def test_numbers_that_cannot_exist_are_bad_user_input(
    profiles: Profiles, stub: Any, phone: str
) -> None:
    user_id, token = await new_user(profiles, stub)
    body = await gql(profiles, SET, {"phone": phone}, token=token)
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "phone"
    assert await sent_codes(profiles, user_id) == []


async def test_anonymous_viewers_cannot_set_a_number(profiles: Profiles) -> None:
    number, _e164 = new_number()
    body = await gql(profiles, SET, {"phone": number})
    assert error_code(body) == "UNAUTHENTICATED"


async def test_a_set_number_is_stored_in_e164_unverified_and_a_code_is_sent(
    profiles: Profiles, stub: Any
) -> None:
    number, e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    before = dt.datetime.now(dt.UTC)
    body = await gql(profiles, SET, {"phone": number}, token=token)
    phone = body["data"]["setPhoneNumber"]["phoneNumber"]
    assert phone["number"] == e164
    assert (phone["verified"], phone["verifiedAt"], phone["attemptsLeft"]) == (False, None, 5)
    expires = dt.datetime.fromisoformat(phone["codeExpiresAt"])
    assert before + dt.timedelta(minutes=9) < expires < before + dt.timedelta(minutes=11)

    (sent,) = await sent_codes(profiles, user_id)
    assert sent["user_id"] == user_id
    assert sent["phone"] == e164
    assert sent["locale"] == "en"
    assert len(sent["code"]) == 6
    assert sent["code"].isdigit()
    assert dt.datetime.fromisoformat(sent["expires_at"]) == expires
    # An unverified number is nobody's contact yet.
    assert (await contact(stub, user_id)).phone == ""


async def test_codes_are_stored_hashed(profiles: Profiles, stub: Any) -> None:
    user_id, _token, e164, code = await with_pending_code(profiles, stub)
    row = await phone_row(profiles, user_id)
    assert row is not None
    assert row.number == e164
    assert row.code_hash is not None
    assert len(row.code_hash) == 32
    assert code.encode() not in row.code_hash


async def test_the_right_code_verifies_the_number_and_makes_it_the_contact(
    profiles: Profiles, stub: Any
) -> None:
    user_id, token, e164, code = await with_pending_code(profiles, stub)
    body = await gql(profiles, VERIFY, {"code": f" {code} "}, token=token)
    phone = body["data"]["verifyPhoneNumber"]["phoneNumber"]
    assert (phone["number"], phone["verified"]) == (e164, True)
    assert phone["verifiedAt"] is not None
    assert (phone["codeExpiresAt"], phone["attemptsLeft"]) == (None, 0)
    reached = await contact(stub, user_id)
    assert (reached.user_id, reached.phone, reached.locale) == (user_id, e164, "en")
    # The code is spent: using it again finds nothing pending.
    again = await gql(profiles, VERIFY, {"code": code}, token=token)
    assert error_code(again) == "BAD_USER_INPUT"
    # Setting the same verified number again sends nothing and keeps it verified.
    same = await gql(profiles, SET, {"phone": e164}, token=token)
    assert same["data"]["setPhoneNumber"]["phoneNumber"]["verified"] is True
    assert len(await sent_codes(profiles, user_id)) == 1


async def test_a_wrong_code_uses_an_attempt_and_the_last_one_voids_the_code(
    profiles: Profiles, stub: Any
) -> None:
    user_id, token, _e164, code = await with_pending_code(profiles, stub)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1, 0):
        body = await gql(profiles, VERIFY, {"code": wrong}, token=token)
        assert error_code(body) == "BAD_USER_INPUT"
        assert body["errors"][0]["extensions"]["attemptsLeft"] == left
    body = await gql(profiles, VERIFY, {"code": code}, token=token)
    assert error_code(body) == "RATE_LIMITED"
    assert (await contact(stub, user_id)).phone == ""


async def test_concurrent_guesses_get_no_more_than_the_allowed_attempts(
    profiles: Profiles, stub: Any
) -> None:
    _user_id, token, _e164, code = await with_pending_code(profiles, stub)
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 13)]
    bodies = await asyncio.gather(
        *(gql(profiles, VERIFY, {"code": guess}, token=token) for guess in wrong)
    )
    codes = sorted(error_code(body) for body in bodies)
    assert codes == ["BAD_USER_INPUT"] * 5 + ["RATE_LIMITED"] * 7


async def test_malformed_codes_are_refused_without_using_an_attempt(
    profiles: Profiles, stub: Any
) -> None:
    number, _e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    await gql(profiles, SET, {"phone": number}, token=token)
    fullwidth = "".join(chr(0xFF10 + int(d)) for d in "123456")
    for code in ("", "12345", "1234567", "12a456", fullwidth):
        body = await gql(profiles, VERIFY, {"code": code}, token=token)
        assert error_code(body) == "BAD_USER_INPUT"
    mine = await gql(profiles, PRIVATE, {"id": user_id}, token=token)
    assert mine["data"]["user"]["phoneNumber"]["attemptsLeft"] == 5


async def test_an_expired_code_does_not_verify(profiles: Profiles, stub: Any) -> None:
    user_id, token, _e164, code = await with_pending_code(profiles, stub)
    await change_row(profiles, user_id, code_expires_at=dt.datetime.now(dt.UTC))
    body = await gql(profiles, VERIFY, {"code": code}, token=token)
    assert error_code(body) == "BAD_USER_INPUT"
    assert "expired" in body["errors"][0]["message"]


async def test_a_new_code_waits_for_the_resend_interval_and_replaces_the_old(
    profiles: Profiles, stub: Any
) -> None:
    number, e164 = new_number()
    other, other_e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    await gql(profiles, SET, {"phone": number}, token=token)
    first = await last_code(profiles, user_id)
    too_soon = await gql(profiles, SET, {"phone": other}, token=token)
    assert error_code(too_soon) == "RATE_LIMITED"
    assert too_soon["errors"][0]["extensions"]["retryAfter"] >= 1

    a_minute_ago = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61)
    await change_row(profiles, user_id, code_sent_at=a_minute_ago)
    body = await gql(profiles, SET, {"phone": other}, token=token)
    assert body["data"]["setPhoneNumber"]["phoneNumber"]["number"] == other_e164
    sent = await sent_codes(profiles, user_id)
    assert [s["phone"] for s in sent] == [e164, other_e164]
    assert sent[0]["verification_id"] != sent[1]["verification_id"]
    second = sent[1]["code"]
    if first != second:  # one in a million they match
        stale = await gql(profiles, VERIFY, {"code": first}, token=token)
        assert error_code(stale) == "BAD_USER_INPUT"
    body = await gql(profiles, VERIFY, {"code": second}, token=token)
    assert body["data"]["verifyPhoneNumber"]["phoneNumber"]["verified"] is True


async def test_only_the_owner_sees_the_number_and_locale(profiles: Profiles, stub: Any) -> None:
    number, e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    await gql(profiles, SET, {"phone": number}, token=token)
    await gql(profiles, LOCALE, {"locale": "RU"}, token=token)
    _, other = await new_user(profiles, stub)
    owner = profiles.keys.mint(role=Role.OWNER)
    for viewer in (None, other, owner):
        body = await gql(profiles, PRIVATE, {"id": user_id}, token=viewer)
        assert body == {"data": {"user": {"id": user_id, "locale": None, "phoneNumber": None}}}
    mine = await gql(profiles, PRIVATE, {"id": user_id}, token=token)
    assert mine["data"]["user"]["locale"] == "RU"
    assert mine["data"]["user"]["phoneNumber"]["number"] == e164
    me = await gql(profiles, f"{{ me {{ locale {PHONE_FIELDS} }} }}", token=token)
    assert me["data"]["me"]["phoneNumber"]["number"] == e164


async def test_removing_the_number_forgets_it(profiles: Profiles, stub: Any) -> None:
    number, e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    await gql(profiles, SET, {"phone": number}, token=token)
    await gql(profiles, VERIFY, {"code": await last_code(profiles, user_id)}, token=token)
    assert (await contact(stub, user_id)).phone == e164
    body = await gql(profiles, REMOVE, token=token)
    assert body == {"data": {"removePhoneNumber": {"id": user_id, "phoneNumber": None}}}
    assert (await contact(stub, user_id)).phone == ""
    again = await gql(profiles, REMOVE, token=token)
    assert again == body
    # A removed number may be set again at once (the resend interval went with it).
    body = await gql(profiles, SET, {"phone": number}, token=token)
    assert body["data"]["setPhoneNumber"]["phoneNumber"]["verified"] is False


async def test_the_locale_is_set_cleared_and_reaches_contact_and_codes(
    profiles: Profiles, stub: Any
) -> None:
    number, _e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    assert (await contact(stub, user_id)).locale == "en"
    body = await gql(profiles, LOCALE, {"locale": "RU"}, token=token)
    assert body == {"data": {"updateProfile": {"id": user_id, "locale": "RU"}}}
    assert (await contact(stub, user_id)).locale == "ru"
    await gql(profiles, SET, {"phone": number}, token=token)
    assert (await sent_codes(profiles, user_id))[-1]["locale"] == Locale.RU
    body = await gql(profiles, LOCALE, {"locale": None}, token=token)
    assert body == {"data": {"updateProfile": {"id": user_id, "locale": None}}}
    assert (await contact(stub, user_id)).locale == "en"
    bad = await gql(profiles, LOCALE, {"locale": "DE"}, token=token)
    assert bad["errors"], bad


async def test_get_contact_of_a_missing_or_malformed_user(stub: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await contact(stub, str(new_id()))
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await contact(stub, "not-a-uuid")
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_deleting_the_profile_deletes_its_number(profiles: Profiles, stub: Any) -> None:
    number, _e164 = new_number()
    user_id, token = await new_user(profiles, stub)
    await gql(profiles, SET, {"phone": number}, token=token)
    assert await phone_row(profiles, user_id) is not None
    assert await sends_of(profiles, user_id) == 1
    await stub.DeleteProfile(profiles_pb2.DeleteProfileRequest(user_id=user_id))
    assert await phone_row(profiles, user_id) is None
    assert await sends_of(profiles, user_id) == 0


async def test_one_user_sends_at_most_five_codes_an_hour(profiles: Profiles, stub: Any) -> None:
    """Switching numbers (or removing and setting one) does not get around the hourly cap."""
    user_id, token = await new_user(profiles, stub)
    for _ in range(5):
        number, _e164 = new_number()
        body = await gql(profiles, SET, {"phone": number}, token=token)
        assert "errors" not in body, body
        await gql(profiles, REMOVE, token=token)
    number, _e164 = new_number()
    body = await gql(profiles, SET, {"phone": number}, token=token)
    assert error_code(body) == "RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] == 3600
    await age_sends(profiles, seconds=3601, user_id=uuid.UUID(user_id))
    body = await gql(profiles, SET, {"phone": number}, token=token)
    assert "errors" not in body, body


async def test_one_number_gets_at_most_five_codes_an_hour_from_anyone(
    profiles: Profiles, stub: Any
) -> None:
    """Many accounts cannot bomb one phone: six users ask for the same number at once."""
    number, e164 = new_number()
    tokens = [(await new_user(profiles, stub))[1] for _ in range(7)]
    bodies = await asyncio.gather(
        *(gql(profiles, SET, {"phone": number}, token=token) for token in tokens)
    )
    outcomes = sorted(("errors" in body and error_code(body)) or "SENT" for body in bodies)
    assert outcomes == ["RATE_LIMITED"] * 2 + ["SENT"] * 5
    await age_sends(profiles, seconds=3601, number=e164)
    _, token = await new_user(profiles, stub)
    body = await gql(profiles, SET, {"phone": number}, token=token)
    assert "errors" not in body, body

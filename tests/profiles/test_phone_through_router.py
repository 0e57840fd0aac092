"""Phone number and locale through the router, as a client sees them: set, verify with the code
(read from profiles' outbox, where the SMS request waits), and private to the owner even when
the profile is reached through another subgraph's entity (a post's author)."""

from __future__ import annotations

from sqlalchemy import select

from common.auth import Role
from common.contracts.profiles_phone import PHONE
from common.db import Database
from subgraphs.profiles.models import outbox
from tests.support.platform import Platform

SET = """mutation($phone: String!) {
  setPhoneNumber(phone: $phone) { phoneNumber { number verified } }
}"""
VERIFY = "mutation($code: String!) { verifyPhoneNumber(code: $code) { phoneNumber { verified } } }"
ME = "{ me { id locale phoneNumber { number verified } } }"
CREATE = """mutation($input: CreatePostInput!) { createPost(input: $input) { id } }"""
AUTHOR = """query($id: ID!) { post(id: $id) { author { id locale phoneNumber { number } } } }"""


async def last_code(platform: Platform, user_id: str) -> str:
    db = Database(platform.database_urls["profiles"], pool_size=1)
    try:
        async with db.session() as session:
            payloads = (
                await session.scalars(
                    select(outbox.c.payload)
                    .where(outbox.c.topic == PHONE.name, outbox.c.key == user_id)
                    .order_by(outbox.c.seq.desc())
                )
            ).all()
    finally:
        await db.close()
    return PHONE.parse(payloads[0]).code


async def test_a_user_sets_and_verifies_a_phone_and_only_they_see_it(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    data = await platform.data(SET, {"phone": "+7 (912) 345-67-89"}, user=writer)
    assert data["setPhoneNumber"]["phoneNumber"] == {"number": "+79123456789", "verified": False}

    wrong = await platform.gql(VERIFY, {"code": "000000"}, user=writer)
    code = await last_code(platform, writer.id)
    if code != "000000":
        assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert wrong["errors"][0]["extensions"]["attemptsLeft"] == 4
    data = await platform.data(VERIFY, {"code": code}, user=writer)
    assert data["verifyPhoneNumber"]["phoneNumber"] == {"verified": True}

    await platform.data("mutation { updateProfile(input: {locale: RU}) { id } }", user=writer)
    me = (await platform.data(ME, user=writer))["me"]
    assert me == {
        "id": writer.id,
        "locale": "RU",
        "phoneNumber": {"number": "+79123456789", "verified": True},
    }

    post_id = (
        await platform.data(
            CREATE, {"input": {"topic": "Engines", "text": "On engines."}}, user=writer
        )
    )["createPost"]["id"]
    own = (await platform.data(AUTHOR, {"id": post_id}, user=writer))["post"]["author"]
    assert own == {"id": writer.id, "locale": "RU", "phoneNumber": {"number": "+79123456789"}}
    for viewer in (await platform.new_user(Role.MODERATOR), await platform.new_user(Role.OWNER)):
        seen = (await platform.data(AUTHOR, {"id": post_id}, user=viewer))["post"]["author"]
        assert seen == {"id": writer.id, "locale": None, "phoneNumber": None}


async def test_phone_errors_reach_the_client_with_their_codes(platform: Platform) -> None:
    reader = await platform.new_user(Role.READER)
    anonymous = await platform.gql(SET, {"phone": "+14155550132"})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    bad = await platform.gql(SET, {"phone": "12345"}, user=reader)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    nothing_pending = await platform.gql(VERIFY, {"code": "123456"}, user=reader)
    assert nothing_pending["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    await platform.data(SET, {"phone": "+14155550132"}, user=reader)
    again = await platform.gql(SET, {"phone": "+14155550133"}, user=reader)
    assert again["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    removed = await platform.data(
        "mutation { removePhoneNumber { phoneNumber { number } } }", user=reader
    )
    assert removed == {"removePhoneNumber": {"phoneNumber": None}}

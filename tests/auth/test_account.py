"""An account's own end and its address: deleteAccount (the viewer, with the password again)
and setUserEmail (OWNER only, validated, unique), each with its auth.user.v1 event."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from subgraphs.auth.models import RefreshSession
from tests.auth.support import LOGIN, PASSWORD, Auth, auth_service, error_code, unique_email
from tests.profiles.support import Profiles

DELETE = "mutation($password: String!) { deleteAccount(password: $password) }"
SET_EMAIL = """mutation($id: ID!, $email: String!) {
  setUserEmail(userId: $id, email: $email) { id email state } }"""
ENTITY_STATE = """query($r: [_Any!]!) {
  _entities(representations: $r) { ... on User { state } } }"""


async def _state(auth: Auth, user_id: str) -> str:
    body = await auth.gql(ENTITY_STATE, {"r": [{"__typename": "User", "id": user_id}]})
    state: str = body["data"]["_entities"][0]["state"]
    return state


async def test_delete_account_asks_the_password_and_ends_every_session(auth: Auth) -> None:
    user_id, email = await auth.confirmed()
    first = await auth.login(email)
    second = await auth.login(email)

    anonymous = await auth.gql(DELETE, {"password": PASSWORD})
    assert error_code(anonymous) == "UNAUTHENTICATED"
    wrong = await auth.gql(DELETE, {"password": "not my password"}, token=first["accessToken"])
    assert error_code(wrong) == "BAD_USER_INPUT"
    assert wrong["errors"][0]["extensions"]["field"] == "password"
    assert await _state(auth, user_id) == "CONFIRMED"
    assert not await auth.events("UserStateChanged", key=user_id)

    deleted = await auth.gql(DELETE, {"password": PASSWORD}, token=first["accessToken"])
    assert deleted == {"data": {"deleteAccount": True}}
    assert await _state(auth, user_id) == "DELETED"
    [event] = await auth.events("UserStateChanged", key=user_id)
    assert event["topic"] == "auth.user.v1"
    assert event["payload"] == {
        "user_id": user_id,
        "state": "DELETED",
        "previous_state": "CONFIRMED",
        "changed_by": user_id,
    }
    async with auth.db.session() as session:
        sessions = (
            await session.execute(
                select(RefreshSession).where(RefreshSession.user_id == uuid.UUID(user_id))
            )
        ).scalars()
        assert [s.revoked_at is not None for s in sessions] == [True, True]

    # Neither session survives: no refresh, no access; no new login, no second delete.
    for tokens in (first, second):
        assert error_code(await auth.refresh(tokens["refreshToken"])) == "UNAUTHENTICATED"
        again = await auth.gql(DELETE, {"password": PASSWORD}, token=tokens["accessToken"])
        assert error_code(again) == "UNAUTHENTICATED"
    login = await auth.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(login) == "UNAUTHENTICATED"


@pytest.fixture(scope="module")
async def alone(profiles: Profiles) -> AsyncIterator[Auth]:
    """An auth of its own: the owner count of its database is this module's to decide."""
    async with auth_service(profiles.service.grpc_target) as running_auth:
        yield running_auth


async def test_the_last_owner_cannot_delete_their_account(alone: Auth) -> None:
    first_id, first_email = await alone.confirmed()
    await alone.make_owner(first_id)
    first = await alone.login(first_email)
    refused = await alone.gql(DELETE, {"password": PASSWORD}, token=first["accessToken"])
    assert error_code(refused) == "FORBIDDEN"
    assert "last OWNER" in refused["errors"][0]["message"]
    assert await _state(alone, first_id) == "CONFIRMED"

    second_id, _ = await alone.confirmed()
    await alone.make_owner(second_id)
    deleted = await alone.gql(DELETE, {"password": PASSWORD}, token=first["accessToken"])
    assert deleted == {"data": {"deleteAccount": True}}
    assert await _state(alone, first_id) == "DELETED"


async def test_set_user_email_is_for_owners_validated_and_unique(auth: Auth) -> None:
    owner_id, owner_email = await auth.confirmed()
    await auth.make_owner(owner_id)
    owner = (await auth.login(owner_email))["accessToken"]
    reader_id, reader_email = await auth.confirmed()
    reader = (await auth.login(reader_email))["accessToken"]
    target_id, target_email = await auth.confirmed()
    new_email = unique_email("moved")

    change = {"id": target_id, "email": new_email}
    assert error_code(await auth.gql(SET_EMAIL, change)) == "UNAUTHENTICATED"
    assert error_code(await auth.gql(SET_EMAIL, change, token=reader)) == "FORBIDDEN"
    own = {"id": reader_id, "email": unique_email()}
    assert error_code(await auth.gql(SET_EMAIL, own, token=reader)) == "FORBIDDEN"

    for bad in ("not-an-email", "", "a@" + "b" * 300 + ".com"):
        invalid = await auth.gql(SET_EMAIL, {"id": target_id, "email": bad}, token=owner)
        assert error_code(invalid) == "BAD_USER_INPUT", bad
        assert invalid["errors"][0]["extensions"]["field"] == "email"
    taken = await auth.gql(SET_EMAIL, {"id": target_id, "email": reader_email.upper()}, token=owner)
    assert error_code(taken) == "CONFLICT"
    assert taken["errors"][0]["extensions"]["field"] == "email"
    unknown = await auth.gql(SET_EMAIL, {"id": str(uuid.uuid4()), "email": new_email}, token=owner)
    assert error_code(unknown) == "NOT_FOUND"
    not_an_id = await auth.gql(SET_EMAIL, {"id": "nope", "email": new_email}, token=owner)
    assert error_code(not_an_id) == "BAD_USER_INPUT"
    assert not await auth.events("UserEmailChanged", key=target_id)

    changed = await auth.gql(SET_EMAIL, change, token=owner)
    assert changed == {
        "data": {"setUserEmail": {"id": target_id, "email": new_email, "state": "CONFIRMED"}}
    }
    [event] = await auth.events("UserEmailChanged", key=target_id)
    assert event["topic"] == "auth.user.v1"
    assert event["payload"] == {
        "user_id": target_id,
        "email": new_email,
        "previous_email": target_email,
        "changed_by": owner_id,
    }
    # The account now signs in with the new address only; the old one is free again.
    assert (await auth.login(new_email))["user"]["id"] == target_id
    old = await auth.gql(LOGIN, {"email": target_email, "password": PASSWORD})
    assert error_code(old) == "UNAUTHENTICATED"
    # The same address again changes nothing; an OWNER may change their own.
    await auth.gql(SET_EMAIL, change, token=owner)
    assert len(await auth.events("UserEmailChanged", key=target_id)) == 1
    mine = unique_email("owner")
    moved = await auth.gql(SET_EMAIL, {"id": owner_id, "email": mine}, token=owner)
    assert moved["data"]["setUserEmail"]["email"] == mine

"""Roles and states: allow-list at sign-up, OWNER-only management, blocking ends sessions at
once, open publishing lifts readers to WRITER in their tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from common.auth import Role, TokenVerifier
from tests.auth.support import LOGIN, PASSWORD, Auth, auth_service, error_code, unique_email
from tests.profiles.support import Profiles

SET_ROLE = """mutation($id: ID!, $role: UserRole!) {
  setUserRole(userId: $id, role: $role) { id role state } }"""
SET_STATE = """mutation($id: ID!, $state: UserState!) {
  setUserState(userId: $id, state: $state) { id role state } }"""

OWNER_EMAIL = unique_email("owner")
WRITER_EMAIL = unique_email("writer")
FILE_OWNER_EMAIL = unique_email("fileowner")
FILE_WRITER_EMAIL = unique_email("filewriter")


@pytest.fixture(scope="module")
def allow_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("auth") / "allow-list.txt"
    path.write_text(f"# the first authors\n{FILE_OWNER_EMAIL}:owner\n\n{FILE_WRITER_EMAIL}\n")
    return path


@pytest.fixture(scope="module")
async def listed(profiles: Profiles, allow_file: Path) -> AsyncIterator[Auth]:
    async with auth_service(
        profiles.service.grpc_target,
        allow_list=f"{OWNER_EMAIL.upper()}:OWNER, {WRITER_EMAIL}:WRITER",
        allow_list_file=str(allow_file),
    ) as running_auth:
        yield running_auth


async def test_allow_list_grants_roles_at_sign_up(listed: Auth) -> None:
    for email, role in [
        (OWNER_EMAIL, "OWNER"),
        (WRITER_EMAIL, "WRITER"),
        (FILE_OWNER_EMAIL, "OWNER"),
        (FILE_WRITER_EMAIL, "WRITER"),
        (unique_email(), "READER"),
    ]:
        await listed.confirmed(email)
        assert (await listed.login(email))["user"]["role"] == role, email


async def test_only_an_owner_manages_roles_and_states_and_not_their_own(listed: Auth) -> None:
    owner_id, _ = await listed.confirmed(unique_email())
    await listed.make_owner(owner_id)
    owner = (await listed.login(await _email_of(listed, owner_id)))["accessToken"]
    reader_id, reader_email = await listed.confirmed()
    reader = (await listed.login(reader_email))["accessToken"]

    assert error_code(await listed.gql(SET_ROLE, {"id": reader_id, "role": "WRITER"})) == (
        "UNAUTHENTICATED"
    )
    denied = await listed.gql(SET_ROLE, {"id": owner_id, "role": "READER"}, token=reader)
    assert error_code(denied) == "FORBIDDEN"
    denied = await listed.gql(SET_STATE, {"id": owner_id, "state": "BLOCKED"}, token=reader)
    assert error_code(denied) == "FORBIDDEN"
    own = await listed.gql(SET_ROLE, {"id": owner_id, "role": "READER"}, token=owner)
    assert error_code(own) == "FORBIDDEN"
    own = await listed.gql(SET_STATE, {"id": owner_id, "state": "BLOCKED"}, token=owner)
    assert error_code(own) == "FORBIDDEN"

    promoted = await listed.gql(SET_ROLE, {"id": reader_id, "role": "MODERATOR"}, token=owner)
    assert promoted["data"]["setUserRole"] == {
        "id": reader_id,
        "role": "MODERATOR",
        "state": "CONFIRMED",
    }
    [event] = await listed.events("UserRoleChanged", key=reader_id)
    assert event["payload"] == {
        "user_id": reader_id,
        "role": "MODERATOR",
        "previous_role": "READER",
        "changed_by": owner_id,
    }
    # a refresh picks the new role up
    refreshed = await listed.refresh((await listed.login(reader_email))["refreshToken"])
    assert refreshed["data"]["refreshToken"]["user"]["role"] == "MODERATOR"
    back_to_new = await listed.gql(SET_STATE, {"id": reader_id, "state": "NEW"}, token=owner)
    assert error_code(back_to_new) == "BAD_USER_INPUT"


async def _email_of(auth: Auth, user_id: str) -> str:
    [event] = await auth.events("UserRegistered", key=user_id)
    email: str = event["payload"]["email"]
    return email


async def test_blocking_ends_sessions_at_once_and_unblocking_restores_login(listed: Auth) -> None:
    owner_id, owner_email = await listed.confirmed(unique_email())
    await listed.make_owner(owner_id)
    owner = (await listed.login(owner_email))["accessToken"]
    user_id, email = await listed.confirmed()
    session_tokens = await listed.login(email)

    blocked = await listed.gql(SET_STATE, {"id": user_id, "state": "BLOCKED"}, token=owner)
    assert blocked["data"]["setUserState"]["state"] == "BLOCKED"
    [event] = await listed.events("UserStateChanged", key=user_id)
    assert event["payload"]["state"] == "BLOCKED"
    assert event["payload"]["previous_state"] == "CONFIRMED"

    assert error_code(await listed.refresh(session_tokens["refreshToken"])) == "UNAUTHENTICATED"
    assert error_code(
        await listed.gql("mutation { logout }", token=session_tokens["accessToken"])
    ) == ("UNAUTHENTICATED")
    login = await listed.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(login) == "FORBIDDEN"
    assert "blocked" in login["errors"][0]["message"]

    await listed.gql(SET_STATE, {"id": user_id, "state": "CONFIRMED"}, token=owner)
    await listed.login(email)

    await listed.gql(SET_STATE, {"id": user_id, "state": "DELETED"}, token=owner)
    deleted = await listed.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(deleted) == "UNAUTHENTICATED"


async def test_a_demoted_owner_cannot_manage_at_once(listed: Auth) -> None:
    first_id, first_email = await listed.confirmed()
    second_id, second_email = await listed.confirmed()
    await listed.make_owner(first_id, second_id)
    first_tokens = await listed.login(first_email)
    first = first_tokens["accessToken"]
    second = (await listed.login(second_email))["accessToken"]
    await listed.gql(SET_ROLE, {"id": first_id, "role": "WRITER"}, token=second)
    # first's access token says OWNER: revoked at once (issue 8 item 4)
    revoked = await listed.gql(SET_ROLE, {"id": second_id, "role": "READER"}, token=first)
    assert error_code(revoked) == "UNAUTHENTICATED"
    # the session lives on: a refresh carries the new role, which may not manage
    refreshed = await listed.refresh(first_tokens["refreshToken"])
    assert refreshed["data"]["refreshToken"]["user"]["role"] == "WRITER"
    renewed = refreshed["data"]["refreshToken"]["accessToken"]
    denied = await listed.gql(SET_ROLE, {"id": second_id, "role": "READER"}, token=renewed)
    assert error_code(denied) == "FORBIDDEN"


@pytest.fixture(scope="module")
async def open_publishing(profiles: Profiles) -> AsyncIterator[Auth]:
    async with auth_service(profiles.service.grpc_target, open_publishing=True) as running_auth:
        yield running_auth


async def test_open_publishing_makes_confirmed_readers_writers(open_publishing: Auth) -> None:
    user_id, email = await open_publishing.sign_up()
    # an unconfirmed account is not lifted
    rep = {"r": [{"__typename": "User", "id": user_id}]}
    query = "query($r: [_Any!]!) { _entities(representations: $r) { ... on User { role } } }"
    assert (await open_publishing.gql(query, rep))["data"]["_entities"] == [{"role": "READER"}]
    token = (await open_publishing.last_email(email, "confirm_email"))["token"]
    await open_publishing.gql(
        "mutation($t: String!) { confirmEmail(token: $t) { id } }", {"t": token}
    )
    tokens = await open_publishing.login(email)
    assert tokens["user"]["role"] == "WRITER"
    verifier = TokenVerifier(
        issuer=open_publishing.settings.jwt_issuer,
        audience=open_publishing.settings.jwt_audience,
        jwks_url=f"{open_publishing.service.http_url}/.well-known/jwks.json",
    )
    assert (await verifier.verify(tokens["accessToken"])).role is Role.WRITER
    assert (await open_publishing.gql(query, rep))["data"]["_entities"] == [{"role": "WRITER"}]

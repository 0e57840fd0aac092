"""Issue 8 item 4 through the real platform: an access token stops working at the next request
after logout, a password change or reset, blocking, deletion or a role change, at the router's
edge and in the services that verify tokens themselves; a role change keeps the session, so the
next refresh carries the new role."""

from __future__ import annotations

import uuid
from typing import Any

from common.auth import Role
from tests.support.platform import PASSWORD, Platform, TestUser
from tests.support.polling import eventually

ME = "{ me { id } }"
LOGOUT = "mutation { logout }"
REFRESH = """
mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken user { role } } }"""
CHANGE_PASSWORD = """
mutation($new: String!, $current: String) {
  changePassword(newPassword: $new, currentPassword: $current)
}"""
SET_ROLE = "mutation($id: ID!, $role: UserRole!) { setUserRole(userId: $id, role: $role) { id } }"
SET_STATE = """
mutation($id: ID!, $state: UserState!) { setUserState(userId: $id, state: $state) { id } }"""
CREATE_POST = """
mutation($input: CreatePostInput!) { createPost(input: $input) { id } }"""
NEW_PASSWORD = "staple violet lantern"


def codes(body: dict[str, Any]) -> list[str | None]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def works(platform: Platform, token: str) -> bool:
    body = await platform.gql(ME, token=token)
    if codes(body) == ["UNAUTHENTICATED"]:
        return False
    assert body.get("errors") is None, body
    return body["data"]["me"] is not None


async def refused_by_a_service(platform: Platform, token: str) -> bool:
    """profiles verifies the token itself (called directly, as the router would call it)."""
    response = await platform.http.post(
        platform.services["profiles"].graphql_url,
        json={"query": ME},
        headers={"Authorization": f"Bearer {token}", **platform.subgraph_headers},
    )
    return codes(response.json()) == ["UNAUTHENTICATED"]


async def test_logout_revokes_the_access_token_at_once(platform: Platform) -> None:
    user = await platform.new_user(Role.WRITER)
    assert await works(platform, user.access_token)
    assert not await refused_by_a_service(platform, user.access_token)
    assert await platform.data(LOGOUT, user=user) == {"logout": True}
    assert not await works(platform, user.access_token)
    assert await refused_by_a_service(platform, user.access_token)


async def test_a_password_change_ends_every_other_session(platform: Platform) -> None:
    user = await platform.new_user(Role.READER)
    other_tab = await platform.log_in(user.email)
    assert await works(platform, other_tab["accessToken"])
    changed = await platform.data(
        CHANGE_PASSWORD, {"new": NEW_PASSWORD, "current": PASSWORD}, user=user
    )
    assert changed == {"changePassword": True}
    assert await works(platform, user.access_token)  # this session stays
    assert not await works(platform, other_tab["accessToken"])
    assert await refused_by_a_service(platform, other_tab["accessToken"])
    refresh = await platform.gql(REFRESH, {"t": other_tab["refreshToken"]})
    assert codes(refresh) == ["UNAUTHENTICATED"]


async def test_a_password_reset_ends_every_session(platform: Platform) -> None:
    user = await platform.new_user(Role.READER)
    other_tab = await platform.log_in(user.email)
    await platform.data(
        "mutation($e: String!) { requestPasswordReset(email: $e) }", {"e": user.email}
    )
    token = await platform.emailed_token(user.email, "reset_password")
    await platform.data(
        "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }",
        {"t": token, "p": NEW_PASSWORD},
    )
    assert not await works(platform, user.access_token)
    assert not await works(platform, other_tab["accessToken"])


async def test_blocking_and_deleting_revoke_at_once(platform: Platform) -> None:
    owner = await platform.new_user(Role.OWNER)
    for state in ("BLOCKED", "DELETED"):
        user = await platform.new_user(Role.WRITER)
        assert await works(platform, user.access_token)
        await platform.data(SET_STATE, {"id": user.id, "state": state}, user=owner)
        assert not await works(platform, user.access_token), state
        assert await refused_by_a_service(platform, user.access_token), state


async def test_a_new_writer_writes_after_one_refresh(platform: Platform) -> None:
    owner = await platform.new_user(Role.OWNER)
    reader = await platform.new_user(Role.READER)
    await platform.data(SET_ROLE, {"id": reader.id, "role": "WRITER"}, user=owner)

    # the token that says READER is revoked; the session is not
    assert not await works(platform, reader.access_token)
    refreshed = (await platform.data(REFRESH, {"t": reader.refresh_token}))["refreshToken"]
    assert refreshed["user"]["role"] == "WRITER"
    writer = TestUser(
        id=reader.id,
        email=reader.email,
        login=reader.login,
        role=Role.WRITER,
        access_token=refreshed["accessToken"],
        refresh_token=reader.refresh_token,
    )
    created = await platform.data(
        CREATE_POST, {"input": {"topic": "Now I write", "text": "x"}}, user=writer
    )
    assert created["createPost"]["id"]


async def test_revoking_a_track_session_revokes_its_access_token(platform: Platform) -> None:
    """sessions' revokeSession ends the auth session behind a client's track id (auth gRPC),
    and its access token with it."""
    user = await platform.new_user(Role.READER)
    phone = await platform.log_in(user.email)
    phone_track = "phone-track-" + uuid.uuid4().hex[:12]
    seen = await platform.http.post(
        platform.router_url,
        json={"query": ME},
        headers={"Authorization": f"Bearer {phone['accessToken']}", "X-Track-Id": phone_track},
    )
    assert seen.json()["data"]["me"] is not None

    async def phone_listed() -> bool:
        body = await platform.data(
            "{ myTrackSessions(first: 20) { edges { node { trackId } } } }", user=user
        )
        return phone_track in [e["node"]["trackId"] for e in body["myTrackSessions"]["edges"]]

    await eventually(phone_listed)
    revoked = await platform.data(
        "mutation($id: ID!) { revokeSession(trackId: $id) }", {"id": phone_track}, user=user
    )
    assert revoked == {"revokeSession": True}
    assert not await works(platform, phone["accessToken"])
    assert await works(platform, user.access_token)

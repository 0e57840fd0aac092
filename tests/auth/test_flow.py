"""The whole account life cycle through GraphQL over HTTP, with the real profiles service."""

from __future__ import annotations

import uuid

from common.auth import TokenVerifier
from tests.auth.support import (
    BASE_URL,
    CONFIRM,
    LOGIN,
    NEW_PASSWORD,
    PASSWORD,
    SIGN_UP,
    Auth,
    error_code,
    unique_email,
    unique_login,
)
from tests.support.sql import sql_statements

LOGOUT = "mutation { logout }"
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere }"
SESSIONS = "{ mySessions { id current clientAddress userAgent } }"
CHANGE = """mutation($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) }"""
REQUEST_RESET = "mutation($email: String!) { requestPasswordReset(email: $email) }"
RESET = "mutation($token: String!, $pw: String!) { resetPassword(token: $token, newPassword: $pw) }"
RESEND = "mutation($email: String!) { resendConfirmation(email: $email) }"


def verifier(auth: Auth) -> TokenVerifier:
    return TokenVerifier(
        issuer=auth.settings.jwt_issuer,
        audience=auth.settings.jwt_audience,
        jwks_url=f"{auth.service.http_url}/.well-known/jwks.json",
    )


async def test_sign_up_confirm_login_refresh_and_reuse_detection(auth: Auth) -> None:
    email = unique_email()
    user_id, _ = await auth.sign_up(email)

    registered = await auth.events("UserRegistered", key=user_id)
    assert registered[0]["topic"] == "auth.user.v1"
    assert registered[0]["payload"]["state"] == "NEW"
    mail = await auth.last_email(email, "confirm_email")
    assert mail["link"] == f"{BASE_URL}/signup/{mail['token']}"
    assert mail["subject"]
    [email_event] = await auth.events("EmailRequested", key=user_id)
    assert email_event["topic"] == "auth.email.v1"

    body = await auth.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(body) == "FORBIDDEN"
    assert "confirm" in body["errors"][0]["message"].lower()

    confirmed = await auth.gql(CONFIRM, {"token": mail["token"]})
    assert confirmed["data"]["confirmEmail"] == {"id": user_id, "state": "CONFIRMED"}
    assert await auth.events("UserConfirmed", key=user_id)
    again = await auth.gql(CONFIRM, {"token": mail["token"]})
    assert error_code(again) == "BAD_USER_INPUT"  # single use

    tokens = await auth.login(email.upper())  # email is case-insensitive
    assert tokens["user"] == {"id": user_id, "email": email, "role": "READER", "state": "CONFIRMED"}
    assert tokens["accessTokenExpiresAt"] < tokens["refreshTokenExpiresAt"]
    viewer = await verifier(auth).verify(tokens["accessToken"])
    assert str(viewer.user_id) == user_id

    rotated = await auth.refresh(tokens["refreshToken"])
    pair = rotated["data"]["refreshToken"]
    assert pair["refreshToken"] != tokens["refreshToken"]
    assert (await verifier(auth).verify(pair["accessToken"])).session_id == viewer.session_id

    reused = await auth.refresh(tokens["refreshToken"])
    assert error_code(reused) == "UNAUTHENTICATED"
    assert "already used" in reused["errors"][0]["message"]
    # the reuse revoked the whole session: the newest refresh token is dead too
    assert error_code(await auth.refresh(pair["refreshToken"])) == "UNAUTHENTICATED"
    assert error_code(await auth.gql(LOGOUT, token=pair["accessToken"])) == "UNAUTHENTICATED"


async def test_logout_ends_this_session_and_logout_everywhere_ends_all(auth: Auth) -> None:
    _, email = await auth.confirmed()
    first = await auth.login(email, address="10.1.1.1")
    second = await auth.login(email, address="10.2.2.2")
    third = await auth.login(email)

    sessions = await auth.gql(SESSIONS, token=first["accessToken"], headers={"User-Agent": "t"})
    listed = sessions["data"]["mySessions"]
    assert len(listed) == 3
    assert [s["current"] for s in listed].count(True) == 1
    assert {"10.1.1.1", "10.2.2.2"} <= {s["clientAddress"] for s in listed}

    assert (await auth.gql(LOGOUT, token=first["accessToken"])) == {"data": {"logout": True}}
    assert error_code(await auth.refresh(first["refreshToken"])) == "UNAUTHENTICATED"
    assert "data" in (await auth.refresh(second["refreshToken"]))
    assert (await auth.refresh(second["refreshToken"]))["errors"]  # rotated already

    fresh = await auth.login(email)
    ended = await auth.gql(LOGOUT_EVERYWHERE, token=fresh["accessToken"])
    assert ended["data"]["logoutEverywhere"] >= 2
    assert error_code(await auth.refresh(third["refreshToken"])) == "UNAUTHENTICATED"
    assert error_code(await auth.refresh(fresh["refreshToken"])) == "UNAUTHENTICATED"
    assert error_code(await auth.gql(LOGOUT, token=fresh["accessToken"])) == "UNAUTHENTICATED"
    assert error_code(await auth.gql(LOGOUT)) == "UNAUTHENTICATED"


async def test_change_password_keeps_this_session_and_ends_the_others(auth: Auth) -> None:
    _, email = await auth.confirmed()
    mine = await auth.login(email)
    other = await auth.login(email)

    wrong = await auth.gql(
        CHANGE, {"current": "not my password", "new": NEW_PASSWORD}, token=mine["accessToken"]
    )
    assert error_code(wrong) == "BAD_USER_INPUT"
    assert wrong["errors"][0]["extensions"]["field"] == "currentPassword"
    weak = await auth.gql(CHANGE, {"current": PASSWORD, "new": "short"}, token=mine["accessToken"])
    assert weak["errors"][0]["extensions"]["field"] == "newPassword"

    changed = await auth.gql(
        CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, token=mine["accessToken"]
    )
    assert changed == {"data": {"changePassword": True}}
    assert error_code(await auth.refresh(other["refreshToken"])) == "UNAUTHENTICATED"
    assert "data" in await auth.refresh(mine["refreshToken"])
    old = await auth.gql(LOGIN, {"email": email, "password": PASSWORD})
    assert error_code(old) == "UNAUTHENTICATED"
    await auth.login(email, NEW_PASSWORD)


async def test_password_reset_with_a_single_use_link(auth: Auth) -> None:
    user_id, email = await auth.confirmed()
    session = await auth.login(email)

    unknown = unique_email()
    assert (await auth.gql(REQUEST_RESET, {"email": unknown})) == {
        "data": {"requestPasswordReset": True}
    }
    assert not [e for e in await auth.events("EmailRequested") if e["payload"]["to"] == unknown]

    assert (await auth.gql(REQUEST_RESET, {"email": email}))["data"]["requestPasswordReset"]
    mail = await auth.last_email(email, "reset_password")
    assert mail["link"] == f"{BASE_URL}/restorepwd/{mail['token']}"
    assert mail["token"].replace("-", "").replace("_", "").isalnum()  # URL-safe

    weak = await auth.gql(RESET, {"token": mail["token"], "pw": "password123"})
    assert error_code(weak) == "BAD_USER_INPUT"
    assert weak["errors"][0]["extensions"]["field"] == "newPassword"
    # a rejected password does not burn the link
    done = await auth.gql(RESET, {"token": mail["token"], "pw": NEW_PASSWORD})
    assert done == {"data": {"resetPassword": True}}
    reused = await auth.gql(RESET, {"token": mail["token"], "pw": "another fine password"})
    assert error_code(reused) == "BAD_USER_INPUT"
    assert reused["errors"][0]["extensions"]["field"] == "token"

    assert error_code(await auth.refresh(session["refreshToken"])) == "UNAUTHENTICATED"
    assert error_code(await auth.gql(LOGIN, {"email": email, "password": PASSWORD})) == (
        "UNAUTHENTICATED"
    )
    assert (await auth.login(email, NEW_PASSWORD))["user"]["id"] == user_id


async def test_reset_link_confirms_a_new_account(auth: Auth) -> None:
    user_id, email = await auth.sign_up()
    await auth.gql(REQUEST_RESET, {"email": email})
    mail = await auth.last_email(email, "reset_password")
    assert (await auth.gql(RESET, {"token": mail["token"], "pw": NEW_PASSWORD}))["data"]
    assert (await auth.login(email, NEW_PASSWORD))["user"]["state"] == "CONFIRMED"
    assert await auth.events("UserConfirmed", key=user_id)


async def test_resend_confirmation_sends_a_new_working_link(auth: Auth) -> None:
    _, email = await auth.sign_up()
    first = await auth.last_email(email, "confirm_email")
    assert (await auth.gql(RESEND, {"email": email})) == {"data": {"resendConfirmation": True}}
    second = await auth.last_email(email, "confirm_email")
    assert second["token"] != first["token"]
    assert (await auth.gql(CONFIRM, {"token": second["token"]}))["data"]
    # nothing is revealed or sent for an unknown or already confirmed address
    assert (await auth.gql(RESEND, {"email": unique_email()}))["data"]["resendConfirmation"]
    assert (await auth.gql(RESEND, {"email": email}))["data"]["resendConfirmation"]
    assert (await auth.last_email(email, "confirm_email")) == second


async def test_duplicate_email_or_login_is_a_conflict(auth: Auth) -> None:
    login = unique_login()
    _, email = await auth.sign_up(login=login)
    body = await auth.gql(
        SIGN_UP, {"email": email.upper(), "password": PASSWORD, "login": unique_login()}
    )
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"]["field"] == "email"
    body = await auth.gql(
        SIGN_UP, {"email": unique_email(), "password": PASSWORD, "login": login.upper()}
    )
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"]["field"] == "login"


async def test_a_login_profiles_refuses_creates_no_account(auth: Auth) -> None:
    email = unique_email()
    body = await auth.gql(SIGN_UP, {"email": email, "password": PASSWORD, "login": "no spaces!"})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "login"
    await auth.sign_up(email)  # the email is still free


async def test_email_is_shown_to_the_user_and_owners_only(auth: Auth) -> None:
    owner_id, owner_email = await auth.confirmed()
    await auth.make_owner(owner_id)
    owner = await auth.login(owner_email)
    user_id, email = await auth.confirmed()
    mine = await auth.login(email)
    _, other_email = await auth.confirmed()
    other = await auth.login(other_email)

    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on User { id email role state } } }"""
    reps = {"r": [{"__typename": "User", "id": user_id}, {"__typename": "User", "id": "nope"}]}

    async def seen(token: str | None) -> object:
        body = await auth.gql(query, reps, token=token)
        assert "errors" not in body, body
        return body["data"]["_entities"]

    expected = {"id": user_id, "role": "READER", "state": "CONFIRMED"}
    assert await seen(None) == [{**expected, "email": None}, None]
    assert await seen(other["accessToken"]) == [{**expected, "email": None}, None]
    assert await seen(mine["accessToken"]) == [{**expected, "email": email}, None]
    assert await seen(owner["accessToken"]) == [{**expected, "email": email}, None]


async def test_user_fields_of_many_entities_are_one_query(auth: Auth) -> None:
    """email, role and state of a blog page's authors (one `_entities` from the router): one
    SELECT of the accounts for all of them, whoever asks."""
    accounts = [await auth.sign_up() for _ in range(6)]
    confirmed = [await auth.confirmed() for _ in range(2)]
    viewer = await auth.login(confirmed[0][1])
    ids = [user_id for user_id, _ in accounts + confirmed]
    reps = [{"__typename": "User", "id": i} for i in [*ids, ids[0], str(uuid.uuid4()), "nope"]]
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on User { id email role state } } }"""
    for token in (None, viewer["accessToken"]):
        with sql_statements(auth.settings.database_url) as statements:
            body = await auth.gql(query, {"r": reps}, token=token)
        assert "errors" not in body, body
        entities = body["data"]["_entities"]
        assert [e["id"] for e in entities[:-2]] == [*ids, ids[0]]
        assert entities[-2:] == [None, None]
        assert [e["state"] for e in entities[:8]] == ["NEW"] * 6 + ["CONFIRMED"] * 2
        emails = [e["email"] for e in entities[:8]]
        assert emails == [None] * 6 + ([None, None] if token is None else [confirmed[0][1], None])
        assert statements.selects_from("accounts") == 1, statements.selects

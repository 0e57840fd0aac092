"""The password rules against the account's identifiers (issue 8, item 6): a password must not
contain the email's local part or the login, checked whenever a password is chosen (sign-up,
change, reset) against the identifiers of that moment. Changing the email (setUserEmail) or
the login (updateProfile) later cannot be checked against a stored hash and is not: the
password keeps working (the design, documented in subgraphs/auth/validation.py)."""

from __future__ import annotations

import uuid
from typing import Any

from common.auth import Role
from subgraphs.auth.events import RESET_TEMPLATE
from tests.support.platform import PASSWORD, Platform

SIGN_UP = """
mutation($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) { user { id } }
}"""
CHANGE = """
mutation($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new)
}"""
REQUEST_RESET = "mutation($email: String!) { requestPasswordReset(email: $email) }"
RESET = """
mutation($token: String!, $new: String!) { resetPassword(token: $token, newPassword: $new) }"""
SET_EMAIL = """
mutation($id: ID!, $email: String!) { setUserEmail(userId: $id, email: $email) { id email } }"""
SET_LOGIN = "mutation($login: String!) { updateProfile(input: {login: $login}) { id login } }"
LOGIN = """
mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"""


def refused(body: dict[str, Any], message: str) -> None:
    errors = body.get("errors") or []
    assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], body
    assert errors[0]["message"] == message, body


async def test_a_password_must_not_contain_the_login(platform: Platform) -> None:
    login = f"zed{uuid.uuid4().hex[:8]}"
    body = await platform.gql(
        SIGN_UP,
        {
            "email": f"x{uuid.uuid4().hex[:8]}@example.com",
            "password": f"my {login}!",
            "login": login,
        },
    )
    refused(body, "Password must not contain your login")

    user = await platform.new_user(Role.READER)
    change = {"current": PASSWORD, "new": f"{user.login} is my secret"}
    refused(await platform.gql(CHANGE, change, user=user), "Password must not contain your login")

    await platform.data(REQUEST_RESET, {"email": user.email})
    token = await platform.emailed_token(user.email, RESET_TEMPLATE)
    reset = {"token": token, "new": f"{user.login.upper()} forever"}
    refused(await platform.gql(RESET, reset), "Password must not contain your login")


async def test_later_email_and_login_changes_do_not_depend_on_the_password(
    platform: Platform,
) -> None:
    owner = await platform.new_user(Role.OWNER)
    user = await platform.new_user(Role.READER)
    # PASSWORD is "correct horse battery": take identifiers the password contains
    new_email = f"horse@{uuid.uuid4().hex[:8]}.example.com"
    changed = await platform.data(SET_EMAIL, {"id": user.id, "email": new_email}, user=owner)
    assert changed["setUserEmail"]["email"] == new_email
    renamed = await platform.data(SET_LOGIN, {"login": "battery"}, user=user)
    assert renamed["updateProfile"]["login"] == "battery"
    # the password chosen before still opens the account
    assert (await platform.data(LOGIN, {"e": new_email, "p": PASSWORD}))["login"]["accessToken"]
    # and the next password chosen is held to the new identifiers
    change = {"current": PASSWORD, "new": "a horse of a different colour"}
    refused(
        await platform.gql(CHANGE, change, user=user),
        "Password must not contain your email address",
    )

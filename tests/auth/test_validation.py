"""Bad input is BAD_USER_INPUT with a field; bad credentials and bad tokens are UNAUTHENTICATED;
nothing a client sends becomes INTERNAL."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from sqlalchemy import update

from subgraphs.auth.models import OneTimeToken
from tests.auth.support import (
    CONFIRM,
    LOGIN,
    PASSWORD,
    SIGN_UP,
    Auth,
    error_code,
    new_key,
    unique_email,
    unique_login,
)

LOGOUT = "mutation { logout }"


@pytest.mark.parametrize(
    ("email", "password", "login", "field", "says"),
    [
        ("not-an-email", PASSWORD, None, "email", "not valid"),
        ("", PASSWORD, None, "email", "required"),
        ("a" * 250 + "@example.com", PASSWORD, None, "email", "at most"),
        (None, "short", None, "password", "at least 10"),
        (None, "password123", None, "password", "too common"),
        (None, "aaaaaaaaaaaa", None, "password", "too common"),
        (None, "x" * 129, None, "password", "at most 128"),
        (None, "{local}-and-more", None, "password", "email address"),
        (None, PASSWORD, "", "login", "required"),
        (None, PASSWORD, "x" * 65, "login", "at most 64"),
    ],
)
async def test_sign_up_rejects_bad_input_with_a_field(
    auth: Auth, email: str | None, password: str, login: str | None, field: str, says: str
) -> None:
    local = f"Local{uuid.uuid4().hex[:6]}"
    variables = {
        "email": email if email is not None else f"{local}@example.com",
        "password": password.format(local=local.upper()),
        "login": login if login is not None else unique_login(),
    }
    body = await auth.gql(SIGN_UP, variables)
    assert error_code(body) == "BAD_USER_INPUT", body
    error = body["errors"][0]
    assert error["extensions"]["field"] == field
    assert says in error["message"]


async def test_wrong_credentials_are_one_message(auth: Auth) -> None:
    _, email = await auth.confirmed()
    for variables in (
        {"email": email, "password": "wrong password!"},
        {"email": unique_email(), "password": PASSWORD},
    ):
        body = await auth.gql(LOGIN, variables)
        assert error_code(body) == "UNAUTHENTICATED"
        assert body["errors"][0]["message"] == "Wrong email or password"
    body = await auth.gql(LOGIN, {"email": "nope", "password": PASSWORD})
    assert error_code(body) == "BAD_USER_INPUT"


@pytest.mark.parametrize("token", ["", "garbage", "x" * 5000, "a.b.c"])
async def test_bad_links_are_bad_user_input(auth: Auth, token: str) -> None:
    body = await auth.gql(CONFIRM, {"token": token})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "token"


async def test_expired_link_is_refused(auth: Auth) -> None:
    user_id, email = await auth.sign_up()
    token = (await auth.last_email(email, "confirm_email"))["token"]
    async with auth.db.transaction() as session:
        await session.execute(
            update(OneTimeToken)
            .where(OneTimeToken.user_id == uuid.UUID(user_id))
            .values(expires_at=OneTimeToken.created_at)
        )
    body = await auth.gql(CONFIRM, {"token": token})
    assert error_code(body) == "BAD_USER_INPUT"
    assert "expired" in body["errors"][0]["message"]


def _refresh_claims(user_id: str) -> dict[str, Any]:
    return {"sub": user_id, "typ": "refresh"}


async def test_bad_refresh_tokens_are_unauthenticated(auth: Auth) -> None:
    user_id, email = await auth.confirmed()
    tokens = await auth.login(email)
    now = int(time.time())
    bad = [
        "",
        "garbage",
        "a.b.c",
        "x" * 5000,
        tokens["accessToken"],  # an access token is not a refresh token
        auth.mint({**_refresh_claims(user_id), "exp": now - 60, "iat": now - 120}),
        auth.mint(_refresh_claims(user_id), key=new_key()),  # another key
        auth.mint({**_refresh_claims(user_id), "aud": "someone-else"}),
        auth.mint({**_refresh_claims(user_id), "iss": "someone-else"}),
        auth.mint(_refresh_claims(user_id)),  # well signed, but no such session
        auth.mint({**_refresh_claims("not-a-uuid")}),
    ]
    for token in bad:
        body = await auth.refresh(token)
        assert error_code(body) == "UNAUTHENTICATED", (token[:40], body)
    expired = await auth.refresh(
        auth.mint({**_refresh_claims(user_id), "exp": now - 60, "iat": now - 120})
    )
    assert expired["errors"][0]["message"] == "Refresh token has expired"
    assert "data" in await auth.refresh(tokens["refreshToken"])


async def test_bad_access_tokens_fail_the_request(auth: Auth) -> None:
    now = int(time.time())
    for token in (
        "garbage",
        auth.mint({"exp": now - 60, "iat": now - 120}),
        auth.mint({}, key=new_key()),
        auth.mint({"typ": "refresh"}),
    ):
        body = await auth.gql(LOGOUT, token=token)
        assert error_code(body) == "UNAUTHENTICATED", body
    # well signed, but its session does not exist
    assert error_code(await auth.gql(LOGOUT, token=auth.mint({}))) == "UNAUTHENTICATED"


async def test_ids_are_checked(auth: Auth) -> None:
    owner_id, owner_email = await auth.confirmed()
    await auth.make_owner(owner_id)
    token = (await auth.login(owner_email))["accessToken"]
    query = "mutation($id: ID!) { setUserRole(userId: $id, role: WRITER) { id } }"
    malformed = await auth.gql(query, {"id": "not-a-uuid"}, token=token)
    assert error_code(malformed) == "BAD_USER_INPUT"
    assert malformed["errors"][0]["extensions"]["field"] == "userId"
    assert error_code(await auth.gql(query, {"id": str(uuid.uuid4())}, token=token)) == (
        "NOT_FOUND"
    )
    bad_enum = await auth.gql(
        "mutation($id: ID!) { setUserState(userId: $id, state: WEIRD) { id } }",
        {"id": owner_id},
        token=token,
    )
    assert error_code(bad_enum) == "GRAPHQL_VALIDATION_FAILED"

"""Reading profiles over GraphQL: me, user, userByLogin and federation's _entities."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.auth import Role
from common.ids import new_id
from tests.profiles.support import (
    Profiles,
    create_profile,
    error_code,
    gql,
    unique_login,
)
from tests.support.sql import sql_statements

USER_FIELDS = "id login displayName bio avatarUrl createdAt"


async def test_me_is_null_for_anonymous_viewers(profiles: Profiles) -> None:
    assert await gql(profiles, "{ me { id } }") == {"data": {"me": None}}


async def test_me_is_the_viewers_profile(profiles: Profiles, stub: Any) -> None:
    created = await create_profile(stub, display_name="Ada Lovelace")
    token = profiles.keys.mint(user_id=uuid.UUID(created.user_id), role=Role.WRITER)
    body = await gql(profiles, f"{{ me {{ {USER_FIELDS} }} }}", token=token)
    me = body["data"]["me"]
    assert me["id"] == created.user_id
    assert me["login"] == created.login
    assert me["displayName"] == "Ada Lovelace"
    assert me["bio"] is None
    assert me["avatarUrl"] is None
    assert me["createdAt"].startswith(created.created_at.ToDatetime().date().isoformat())


async def test_me_without_a_profile_is_null(profiles: Profiles) -> None:
    token = profiles.keys.mint(user_id=new_id())
    assert await gql(profiles, "{ me { id } }", token=token) == {"data": {"me": None}}


async def test_a_bad_token_is_unauthenticated_not_anonymous(profiles: Profiles) -> None:
    body = await gql(profiles, "{ me { id } }", token="not-a-jwt")
    assert body["data"] is None
    assert error_code(body) == "UNAUTHENTICATED"


async def test_user_by_id(profiles: Profiles, stub: Any) -> None:
    created = await create_profile(stub)
    query = "query($id: ID!) { user(id: $id) { id login displayName } }"
    body = await gql(profiles, query, {"id": created.user_id})
    assert body == {
        "data": {
            "user": {"id": created.user_id, "login": created.login, "displayName": created.login}
        }
    }
    assert await gql(profiles, query, {"id": str(new_id())}) == {"data": {"user": None}}


@pytest.mark.parametrize("bad_id", ["42", "not-a-uuid", ""])
async def test_user_with_a_malformed_id_is_bad_user_input(profiles: Profiles, bad_id: str) -> None:
    body = await gql(profiles, "query($id: ID!) { user(id: $id) { id } }", {"id": bad_id})
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "id"


async def test_user_by_login_ignores_case(profiles: Profiles, stub: Any) -> None:
    login = unique_login("CamelCase")
    created = await create_profile(stub, login=login)
    query = "query($login: String!) { userByLogin(login: $login) { id login } }"
    for spelling in (login, login.lower(), login.upper()):
        body = await gql(profiles, query, {"login": spelling})
        assert body == {"data": {"userByLogin": {"id": created.user_id, "login": login}}}


@pytest.mark.parametrize("login", ["nobody-has-this-login", "", "no such login", "%", "a_%"])
async def test_user_by_login_of_an_unknown_login_is_null(profiles: Profiles, login: str) -> None:
    query = "query($login: String!) { userByLogin(login: $login) { id } }"
    assert await gql(profiles, query, {"login": login}) == {"data": {"userByLogin": None}}


async def test_entities_resolve_in_order_with_nulls_for_unknown_ids(
    profiles: Profiles, stub: Any
) -> None:
    created = [await create_profile(stub) for _ in range(3)]
    representations = [
        {"__typename": "User", "id": created[2].user_id},
        {"__typename": "User", "id": str(new_id())},
        {"__typename": "User", "id": created[0].user_id},
        {"__typename": "User", "id": "not-a-uuid"},
        {"__typename": "User", "id": created[1].user_id},
        {"__typename": "User", "id": created[0].user_id},
    ]
    query = """query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on User { id login } }
    }"""
    body = await gql(profiles, query, {"representations": representations})
    assert "errors" not in body
    assert body["data"]["_entities"] == [
        {"id": created[2].user_id, "login": created[2].login},
        None,
        {"id": created[0].user_id, "login": created[0].login},
        None,
        {"id": created[1].user_id, "login": created[1].login},
        {"id": created[0].user_id, "login": created[0].login},
    ]


async def test_entities_of_a_blog_page_are_one_query(profiles: Profiles, stub: Any) -> None:
    """The router asks for the authors of a page (posts and comments) in one `_entities`:
    20 users, some repeated, some unknown, cost one SELECT."""
    created = [await create_profile(stub, display_name=f"Author {i}") for i in range(20)]
    ids = [c.user_id for c in created] + [created[3].user_id, str(new_id()), "not-a-uuid"]
    query = """query($r: [_Any!]!) {
      _entities(representations: $r) { ... on User { id login displayName } } }"""
    with sql_statements(profiles.database_url) as statements:
        body = await gql(profiles, query, {"r": [{"__typename": "User", "id": i} for i in ids]})
    assert "errors" not in body, body
    expected = [{"id": c.user_id, "login": c.login, "displayName": c.display_name} for c in created]
    assert body["data"]["_entities"] == [*expected, expected[3], None, None]
    assert len(statements.selects) == 1, statements.selects
    assert statements.selects_from("profiles") == 1


async def test_sdl_declares_the_user_entity(profiles: Profiles) -> None:
    body = await gql(profiles, "{ _service { sdl } }")
    sdl = body["data"]["_service"]["sdl"]
    assert 'type User @key(fields: "id")' in sdl
    assert "federation/v2.9" in sdl

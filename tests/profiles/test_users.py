"""users: the OWNER-only list of profiles, a Relay connection in sign-up order."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from common.auth import Role
from common.pagination import encode_cursor
from tests.profiles.support import (
    Profiles,
    create_profile,
    error_code,
    gql,
    profiles_service,
    unique_login,
)
from tests.support.tokens import SigningKeys

MAX_PAGES = 50  # a cursor that never ends fails the test instead of hanging it

USERS = """query($first: Int, $after: String, $filter: UsersFilter) {
  users(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id login } }
    nodes { id }
    pageInfo { hasNextPage endCursor }
  }
}"""


def owner(profiles: Profiles) -> str:
    return profiles.keys.mint(role=Role.OWNER)


async def users(profiles: Profiles, token: str | None = None, **variables: Any) -> dict[str, Any]:
    return await gql(profiles, USERS, variables, token=owner(profiles) if token is None else token)


async def make_group(stub: Any, count: int) -> tuple[str, list[str]]:
    """`count` profiles whose logins share a fresh prefix; their ids in creation order."""
    prefix = unique_login("g")
    ids = []
    for i in range(count):
        created = await create_profile(stub, login=f"{prefix}-{i}")
        ids.append(created.user_id)
    return prefix, ids


@pytest.mark.parametrize("role", [Role.READER, Role.WRITER, Role.MODERATOR])
async def test_non_owners_are_forbidden(profiles: Profiles, role: Role) -> None:
    body = await users(profiles, token=profiles.keys.mint(role=role))
    assert body["data"] is None
    assert error_code(body) == "FORBIDDEN"


async def test_anonymous_viewers_are_unauthenticated(profiles: Profiles) -> None:
    body = await gql(profiles, USERS, {})
    assert error_code(body) == "UNAUTHENTICATED"


async def test_an_empty_database_lists_nothing(keys: SigningKeys) -> None:
    async with profiles_service(keys) as fresh:
        body = await users(fresh)
    assert body == {
        "data": {
            "users": {
                "edges": [],
                "nodes": [],
                "pageInfo": {"hasNextPage": False, "endCursor": None},
            }
        }
    }


async def test_a_filter_matching_nothing_is_an_empty_page(profiles: Profiles) -> None:
    body = await users(profiles, filter={"loginPrefix": unique_login("none")})
    page = body["data"]["users"]
    assert page["edges"] == []
    assert page["pageInfo"] == {"hasNextPage": False, "endCursor": None}


async def test_exactly_one_page(profiles: Profiles, stub: Any) -> None:
    prefix, ids = await make_group(stub, 3)
    body = await users(profiles, first=3, filter={"loginPrefix": prefix})
    page = body["data"]["users"]
    assert [e["node"]["id"] for e in page["edges"]] == ids
    assert [n["id"] for n in page["nodes"]] == ids
    assert page["pageInfo"] == {"hasNextPage": False, "endCursor": page["edges"][-1]["cursor"]}


async def test_paging_through_in_creation_order(profiles: Profiles, stub: Any) -> None:
    prefix, ids = await make_group(stub, 5)
    seen: list[str] = []
    after = None
    pages = []
    for _ in range(MAX_PAGES):
        body = await users(profiles, first=2, after=after, filter={"loginPrefix": prefix})
        page = body["data"]["users"]
        seen += [e["node"]["id"] for e in page["edges"]]
        pages.append(page["pageInfo"]["hasNextPage"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    else:
        raise AssertionError(f"hasNextPage still true after {MAX_PAGES} pages")
    assert seen == ids
    assert pages == [True, True, False]
    # the end cursor of the last page gives an empty page
    body = await users(
        profiles, first=2, after=page["pageInfo"]["endCursor"], filter={"loginPrefix": prefix}
    )
    assert body["data"]["users"]["edges"] == []
    assert body["data"]["users"]["pageInfo"]["hasNextPage"] is False


async def test_any_edge_cursor_resumes_after_that_edge(profiles: Profiles, stub: Any) -> None:
    prefix, ids = await make_group(stub, 4)
    body = await users(profiles, first=4, filter={"loginPrefix": prefix})
    cursors = [e["cursor"] for e in body["data"]["users"]["edges"]]
    body = await users(profiles, first=10, after=cursors[1], filter={"loginPrefix": prefix})
    assert [e["node"]["id"] for e in body["data"]["users"]["edges"]] == ids[2:]


async def test_the_default_page_size_is_twenty(profiles: Profiles, stub: Any) -> None:
    prefix, ids = await make_group(stub, 21)
    body = await users(profiles, filter={"loginPrefix": prefix})
    page = body["data"]["users"]
    assert [e["node"]["id"] for e in page["edges"]] == ids[:20]
    assert page["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_first_out_of_range_is_bad_user_input(profiles: Profiles, first: int) -> None:
    body = await users(profiles, first=first)
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "first"


async def test_first_of_100_is_allowed(profiles: Profiles) -> None:
    body = await users(profiles, first=100)
    assert "errors" not in body


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "",
        base64.urlsafe_b64encode(b"not json").decode(),
        encode_cursor("only-one"),
        encode_cursor("2026-01-01T00:00:00+00:00", "not-a-uuid"),
        encode_cursor("not-a-date", "0190f3c2-0000-7000-8000-000000000001"),
        encode_cursor("2026-01-01T00:00:00", "0190f3c2-0000-7000-8000-000000000001"),
        encode_cursor(1, 2),
    ],
)
async def test_a_bad_cursor_is_bad_user_input(profiles: Profiles, cursor: str) -> None:
    body = await users(profiles, after=cursor)
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["argument"] == "after"


async def test_login_prefix_ignores_case_and_treats_wildcards_literally(
    profiles: Profiles, stub: Any
) -> None:
    base = unique_login("p")
    exact = await create_profile(stub, login=f"{base}_x")
    await create_profile(stub, login=f"{base}ax")  # would match if `_` were a wildcard
    body = await users(profiles, filter={"loginPrefix": f"{base.upper()}_"})
    assert [e["node"]["id"] for e in body["data"]["users"]["edges"]] == [exact.user_id]


async def test_search_matches_login_or_display_name(profiles: Profiles, stub: Any) -> None:
    word = uuid.uuid4().hex[:10]
    by_name = await create_profile(stub, display_name=f"The {word.upper()} Person")
    by_login = await create_profile(stub, login=f"x{word}y")
    await create_profile(stub)
    body = await users(profiles, filter={"search": word})
    ids = [e["node"]["id"] for e in body["data"]["users"]["edges"]]
    assert ids == [by_name.user_id, by_login.user_id]
    body = await users(profiles, filter={"search": "%"})
    assert "errors" not in body


async def test_oversized_filters_are_bad_user_input(profiles: Profiles) -> None:
    body = await users(profiles, filter={"search": "s" * 101})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "search"}
    body = await users(profiles, filter={"loginPrefix": "p" * 33})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "loginPrefix"}

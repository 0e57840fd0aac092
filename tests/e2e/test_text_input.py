"""Text PostgreSQL cannot store (NUL) and other C0 control characters are refused as
BAD_USER_INPUT by every subgraph (common.graphql), whether sent as variables, inline literals,
nested input fields or list items, never answered INTERNAL (issue 8, item 2)."""

from __future__ import annotations

from typing import Any

import pytest

from common.auth import Role
from tests.support.platform import Platform, TestUser

CREATE_POST = """
mutation Create($input: CreatePostInput!) { createPost(input: $input) { id state } }"""
CREATE_TAG = "mutation Tag($name: String!) { createTag(name: $name) { id name } }"
ADD_COMMENT = """
mutation Comment($postId: ID!, $text: String!) {
  addComment(postId: $postId, text: $text) { id }
}"""
SET_POST_STATE = """
mutation State($id: ID!, $state: ContentState!) { setPostState(id: $id, state: $state) { id } }"""

#: NUL (PostgreSQL refuses it), another C0 control, and an escape-sequence start.
BAD = ["\x00", "\x07", "\x1b"]


def codes(body: dict[str, Any]) -> list[str | None]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


def refused(body: dict[str, Any], field: str | None = None) -> None:
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert "control character" in body["errors"][0]["message"], body
    if field is not None:
        assert body["errors"][0]["extensions"]["field"] == field, body


@pytest.fixture(scope="module")
async def owner(platform: Platform) -> TestUser:
    return await platform.new_user(Role.OWNER)


@pytest.mark.parametrize("bad", BAD)
async def test_post_topic_and_text_as_variables(
    platform: Platform, owner: TestUser, bad: str
) -> None:
    for field in ("topic", "text", "previewText"):
        post = {"topic": "A topic", "text": "Some text", field: f"before{bad}after"}
        refused(await platform.gql(CREATE_POST, {"input": post}, user=owner), field)


async def test_inline_literals_and_list_items(platform: Platform, owner: TestUser) -> None:
    inline = """mutation { createPost(input: {topic: "nul \\u0000 here", text: "x"}) { id } }"""
    refused(await platform.gql(inline, user=owner))
    in_list = """mutation { createPost(input: {topic: "t", text: "x", tagIds: ["1\\u0000"]}) {
      id } }"""
    refused(await platform.gql(in_list, user=owner))


async def test_tab_newline_and_carriage_return_stay_allowed(
    platform: Platform, owner: TestUser
) -> None:
    post = {"topic": "A\ttopic", "text": "line one\r\nline two\n\ttabbed"}
    body = await platform.gql(CREATE_POST, {"input": post}, user=owner)
    assert not body.get("errors"), body


@pytest.mark.parametrize("bad", BAD)
async def test_tag_name(platform: Platform, owner: TestUser, bad: str) -> None:
    refused(await platform.gql(CREATE_TAG, {"name": f"tag{bad}"}, user=owner))


async def test_comment_text(platform: Platform, owner: TestUser) -> None:
    created = await platform.data(
        CREATE_POST, {"input": {"topic": "Commented", "text": "body"}}, user=owner
    )
    post_id = created["createPost"]["id"]
    await platform.data(SET_POST_STATE, {"id": post_id, "state": "PUBLISHED"}, user=owner)
    for bad in BAD:
        refused(
            await platform.gql(ADD_COMMENT, {"postId": post_id, "text": f"hi{bad}"}, user=owner)
        )


async def test_auth_and_profiles_inputs(platform: Platform) -> None:
    login = """
    mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"""
    refused(await platform.gql(login, {"e": "someone@example.com", "p": "pass\x00word123"}))
    by_login = "query U($login: String!) { userByLogin(login: $login) { id } }"
    refused(await platform.gql(by_login, {"login": "ann\x00"}))


async def test_a_lone_surrogate_is_client_input_too(platform: Platform, owner: TestUser) -> None:
    """JSON may escape a lone UTF-16 surrogate, which no UTF-8 store can hold: the router
    refuses such a body as malformed JSON, and a subgraph (whose JSON parser accepts it) as
    BAD_USER_INPUT."""
    body = (
        '{"query": "mutation C($input: CreatePostInput!) { createPost(input: $input) { id } }",'
        ' "variables": {"input": {"topic": "half \\ud800 a pair", "text": "x"}}}'
    )
    headers = {**owner.headers, "Content-Type": "application/json"}
    response = await platform.http.post(platform.router_url, content=body, headers=headers)
    assert response.status_code == 400, response.text
    assert codes(response.json()) == ["BAD_REQUEST"], response.text
    direct = await platform.http.post(
        platform.services["posts"].graphql_url,
        content=body,
        headers={**headers, **platform.subgraph_headers},
    )
    refused(direct.json())

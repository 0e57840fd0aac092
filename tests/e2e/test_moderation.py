"""Authors submit, moderators publish (issue 8, item 5), through the router and the REST shim:
a WRITER moves their post to ON_MODERATION but not to PUBLISHED; MODERATOR/OWNER publish and
block; an OWNER grants (and revokes) a per-user "trusted author" flag that lets that author
publish directly. AUTHOR_SELF_PUBLISH (posts' setting, default off) is covered in
tests/posts/test_permissions.py."""

from __future__ import annotations

from typing import Any

from common.auth import Role
from tests.rest.support import Rest
from tests.support.platform import Platform, TestUser

CREATE_POST = """
mutation Create($input: CreatePostInput!) { createPost(input: $input) { id state } }"""
SET_POST_STATE = """
mutation State($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) { id state }
}"""
SET_TRUSTED = """
mutation Trust($userId: ID!, $trusted: Boolean!) {
  setTrustedAuthor(userId: $userId, trusted: $trusted) { id trustedAuthor }
}"""
TRUSTED = "query Trusted($id: ID!) { user(id: $id) { id trustedAuthor } }"


def codes(body: dict[str, Any]) -> list[str | None]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def draft(platform: Platform, writer: TestUser) -> str:
    data = await platform.data(
        CREATE_POST, {"input": {"topic": "Moderated", "text": "body"}}, user=writer
    )
    assert data["createPost"]["state"] == "NEW"
    post_id: str = data["createPost"]["id"]
    return post_id


async def set_state(platform: Platform, user: TestUser, post_id: str, state: str) -> Any:
    return await platform.gql(SET_POST_STATE, {"id": post_id, "state": state}, user=user)


async def test_a_writer_submits_and_a_moderator_publishes(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    post_id = await draft(platform, writer)

    refused = await set_state(platform, writer, post_id, "PUBLISHED")
    assert codes(refused) == ["FORBIDDEN"], refused
    assert "moderat" in refused["errors"][0]["message"], refused

    submitted = await set_state(platform, writer, post_id, "ON_MODERATION")
    assert submitted["data"]["setPostState"]["state"] == "ON_MODERATION", submitted
    published = await set_state(platform, moderator, post_id, "PUBLISHED")
    assert published["data"]["setPostState"]["state"] == "PUBLISHED", published
    # the author may withdraw their post, and submit it again
    withdrawn = await set_state(platform, writer, post_id, "NEW")
    assert withdrawn["data"]["setPostState"]["state"] == "NEW", withdrawn
    assert codes(await set_state(platform, writer, post_id, "PUBLISHED")) == ["FORBIDDEN"]


async def test_an_owner_trusts_an_author_to_publish_directly(platform: Platform) -> None:
    owner = await platform.new_user(Role.OWNER)
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    assert (await platform.data(TRUSTED, {"id": writer.id}))["user"]["trustedAuthor"] is False

    # only an OWNER grants the flag
    for someone in (writer, moderator):
        body = await platform.gql(SET_TRUSTED, {"userId": writer.id, "trusted": True}, user=someone)
        assert codes(body) == ["FORBIDDEN"], body
    granted = await platform.data(SET_TRUSTED, {"userId": writer.id, "trusted": True}, user=owner)
    assert granted["setTrustedAuthor"] == {"id": writer.id, "trustedAuthor": True}
    assert (await platform.data(TRUSTED, {"id": writer.id}))["user"]["trustedAuthor"] is True

    post_id = await draft(platform, writer)
    published = await set_state(platform, writer, post_id, "PUBLISHED")
    assert published["data"]["setPostState"]["state"] == "PUBLISHED", published
    # trusted to publish, not to moderate
    assert codes(await set_state(platform, writer, post_id, "BLOCKED")) == ["FORBIDDEN"]

    await platform.data(SET_TRUSTED, {"userId": writer.id, "trusted": False}, user=owner)
    second = await draft(platform, writer)
    assert codes(await set_state(platform, writer, second, "PUBLISHED")) == ["FORBIDDEN"]


async def test_rest_state_changes_follow_the_same_rule(platform: Platform) -> None:
    """Upstream's admin page moderates with `PUT /api/v1/posts/ {Uuid, state}`."""
    rest = Rest(platform)
    writer = await platform.new_user(Role.WRITER)
    owner = await platform.new_user(Role.OWNER)
    post_id = await draft(platform, writer)
    refused = await rest.call(
        "PUT", "/posts/", user=writer, json={"Uuid": post_id, "state": "PUBLISHED"}
    )
    assert refused.status_code == 403, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    await rest.ok("PUT", "/posts/", user=writer, json={"Uuid": post_id, "state": "ON_MODERATION"})
    await rest.ok("PUT", "/posts/", user=owner, json={"Uuid": post_id, "state": "PUBLISHED"})
    assert (await rest.ok("GET", f"/posts/{post_id}"))["State"] == "PUBLISHED"

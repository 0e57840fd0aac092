"""The foundation issue's "done when", through our router only (tests/support/platform.py): the
real profiles, auth and posts services on fresh databases, tokens verified against auth's JWKS."""

from __future__ import annotations

import uuid
from typing import Any

from common.auth import Role
from tests.support.platform import PASSWORD, Platform, TestUser

POST = """
query Post($id: ID!) { post(id: $id) { id topic state author { id login } } }"""
CREATE_POST = """
mutation Create($input: CreatePostInput!) {
  createPost(input: $input) { id topic state publishedAt author { id login } }
}"""
SET_POST_STATE = """
mutation Publish($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) { id state publishedAt }
}"""
ADD_COMMENT = """
mutation Comment($postId: ID!, $text: String!) {
  addComment(postId: $postId, text: $text) { id postId state text author { id login } }
}"""
SET_COMMENT_STATE = """
mutation Moderate($postId: ID!, $id: ID!, $state: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $state) { id state }
}"""
COMMENTS = """
query Comments($id: ID!) {
  post(id: $id) { comments { edges { node { id state text author { login } } } } }
}"""
COMMENT = "query One($postId: ID!, $id: ID!) { comment(postId: $postId, id: $id) { id state } }"


def codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


async def publish_post(platform: Platform, writer: TestUser, topic: str) -> str:
    created = await platform.data(
        CREATE_POST, {"input": {"topic": topic, "text": "Some *markdown*"}}, user=writer
    )
    post_id: str = created["createPost"]["id"]
    # authors submit, moderators publish
    await platform.data(SET_POST_STATE, {"id": post_id, "state": "ON_MODERATION"}, user=writer)
    moderator = await platform.new_user(Role.MODERATOR)
    await platform.data(SET_POST_STATE, {"id": post_id, "state": "PUBLISHED"}, user=moderator)
    return post_id


async def comment_texts(platform: Platform, post_id: str, user: TestUser | None) -> list[str]:
    data = await platform.data(COMMENTS, {"id": post_id}, user=user)
    return [edge["node"]["text"] for edge in data["post"]["comments"]["edges"]]


async def test_a_new_user_signs_up_confirms_and_logs_in(platform: Platform) -> None:
    email = f"ann.{uuid.uuid4().hex[:8]}@example.com"
    login = f"ann{uuid.uuid4().hex[:8]}"
    user = await platform.sign_up(email, login=login)

    # the profile resolves right after signUp, across auth and profiles, before confirmation
    found = await platform.data(
        "query($id: ID!) { user(id: $id) { id login state role } }", {"id": user["id"]}
    )
    assert found["user"] == {"id": user["id"], "login": login, "state": "NEW", "role": "READER"}

    await platform.confirm(email)
    tokens = await platform.log_in(email)
    assert tokens["user"] == {"id": user["id"], "role": "READER"}

    me = await platform.gql("{ me { id login email state } }", token=tokens["accessToken"])
    assert me == {
        "data": {"me": {"id": user["id"], "login": login, "email": email, "state": "CONFIRMED"}}
    }
    assert (await platform.gql("{ me { id } }")) == {"data": {"me": None}}


async def test_a_new_user_cannot_log_in_before_confirming(platform: Platform) -> None:
    email = f"bob.{uuid.uuid4().hex[:8]}@example.com"
    await platform.sign_up(email)
    body = await platform.gql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": email, "p": PASSWORD},
    )
    assert body.get("errors"), body
    assert body.get("data") is None


async def test_a_writer_writes_and_a_moderator_publishes_a_post(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    created = await platform.data(
        CREATE_POST, {"input": {"topic": "Hello federation", "text": "# Hi"}}, user=writer
    )
    post = created["createPost"]
    assert post["state"] == "NEW"
    assert post["publishedAt"] is None
    assert post["author"] == {"id": writer.id, "login": writer.login}

    submitted = await platform.data(
        SET_POST_STATE, {"id": post["id"], "state": "ON_MODERATION"}, user=writer
    )
    assert submitted["setPostState"]["publishedAt"] is None
    published = await platform.data(
        SET_POST_STATE, {"id": post["id"], "state": "PUBLISHED"}, user=moderator
    )
    assert published["setPostState"]["state"] == "PUBLISHED"
    assert published["setPostState"]["publishedAt"] is not None

    seen = await platform.data(POST, {"id": post["id"]})  # anonymous
    assert seen["post"] == {
        "id": post["id"],
        "topic": "Hello federation",
        "state": "PUBLISHED",
        "author": {"id": writer.id, "login": writer.login},
    }
    listed = await platform.data("{ posts(first: 50) { edges { node { id } } } }")
    assert post["id"] in [edge["node"]["id"] for edge in listed["posts"]["edges"]]


async def test_a_reader_cannot_write_posts(platform: Platform) -> None:
    reader = await platform.new_user(Role.READER)
    body = await platform.gql(CREATE_POST, {"input": {"topic": "Mine", "text": "no"}}, user=reader)
    assert codes(body) == ["FORBIDDEN"], body


async def test_a_readers_comment_waits_for_a_moderator(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    reader = await platform.new_user(Role.READER)
    other = await platform.new_user(Role.READER)
    moderator = await platform.new_user(Role.MODERATOR)
    post_id = await publish_post(platform, writer, "Comment on me")

    added = await platform.data(ADD_COMMENT, {"postId": post_id, "text": "First!"}, user=reader)
    comment = added["addComment"]
    assert comment["state"] == "NEW"
    assert comment["author"] == {"id": reader.id, "login": reader.login}

    # pre-moderated: its author and moderators see it; nobody else does
    assert await comment_texts(platform, post_id, reader) == ["First!"]
    assert await comment_texts(platform, post_id, moderator) == ["First!"]
    assert await comment_texts(platform, post_id, None) == []
    assert await comment_texts(platform, post_id, other) == []
    assert await comment_texts(platform, post_id, writer) == []
    hidden = await platform.gql(COMMENT, {"postId": post_id, "id": comment["id"]})
    assert codes(hidden) == ["NOT_FOUND"], hidden

    # only a moderator publishes it
    refused = await platform.gql(
        SET_COMMENT_STATE,
        {"postId": post_id, "id": comment["id"], "state": "PUBLISHED"},
        user=writer,
    )
    assert codes(refused) == ["FORBIDDEN"], refused
    moderated = await platform.data(
        SET_COMMENT_STATE,
        {"postId": post_id, "id": comment["id"], "state": "PUBLISHED"},
        user=moderator,
    )
    assert moderated["setCommentState"] == {"id": comment["id"], "state": "PUBLISHED"}

    for viewer in (None, other, writer, reader):
        assert await comment_texts(platform, post_id, viewer) == ["First!"]
    shown = await platform.data(COMMENT, {"postId": post_id, "id": comment["id"]})
    assert shown["comment"] == {"id": comment["id"], "state": "PUBLISHED"}


async def test_anonymous_users_cannot_see_drafts(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    draft = await platform.data(
        CREATE_POST, {"input": {"topic": "Draft", "text": "wip"}}, user=writer
    )
    draft_id = draft["createPost"]["id"]

    anonymous = await platform.gql(POST, {"id": draft_id})
    assert codes(anonymous) == ["NOT_FOUND"], anonymous
    assert anonymous.get("data") in (None, {"post": None})

    listed = await platform.data("{ posts(first: 100) { edges { node { id } } } }")
    assert draft_id not in [edge["node"]["id"] for edge in listed["posts"]["edges"]]
    by_author = await platform.data(
        "query($id: ID!) { user(id: $id) { posts { edges { node { id } } } } }", {"id": writer.id}
    )
    assert by_author["user"]["posts"]["edges"] == []
    drafts = await platform.gql("{ posts(state: NEW) { edges { node { id } } } }")
    assert codes(drafts) == ["FORBIDDEN"], drafts

    # its author and moderators do see it
    for viewer in (writer, moderator):
        seen = await platform.data(POST, {"id": draft_id}, user=viewer)
        assert seen["post"]["state"] == "NEW"
    own = await platform.data(
        "query($id: ID!) { user(id: $id) { posts { edges { node { id state } } } } }",
        {"id": writer.id},
        user=writer,
    )
    assert own["user"]["posts"]["edges"] == [{"node": {"id": draft_id, "state": "NEW"}}]


async def test_a_blocked_users_refresh_fails(platform: Platform) -> None:
    owner = await platform.new_user(Role.OWNER)
    user = await platform.new_user(Role.READER)
    refresh = (
        "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }"
    )

    rotated = await platform.data(refresh, {"t": user.refresh_token})
    new_refresh = rotated["refreshToken"]["refreshToken"]

    blocked = await platform.data(
        "mutation($id: ID!) { setUserState(userId: $id, state: BLOCKED) { id state } }",
        {"id": user.id},
        user=owner,
    )
    assert blocked["setUserState"] == {"id": user.id, "state": "BLOCKED"}

    body = await platform.gql(refresh, {"t": new_refresh})
    assert codes(body) == ["UNAUTHENTICATED"], body
    again = await platform.gql(
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        {"e": user.email, "p": PASSWORD},
    )
    assert again.get("errors"), again


async def test_post_author_posts_resolve_across_subgraphs(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    first = await publish_post(platform, writer, "First of two")
    second = await publish_post(platform, writer, "Second of two")

    data = await platform.data(
        """query($id: ID!) {
          post(id: $id) {
            topic
            author { id login role posts { edges { node { id topic author { login } } } } }
          }
        }""",
        {"id": first},
    )
    author = data["post"]["author"]
    assert data["post"]["topic"] == "First of two"
    assert (author["id"], author["login"], author["role"]) == (writer.id, writer.login, "WRITER")
    assert [edge["node"] for edge in author["posts"]["edges"]] == [
        {"id": second, "topic": "Second of two", "author": {"login": writer.login}},
        {"id": first, "topic": "First of two", "author": {"login": writer.login}},
    ]


async def test_user_posts_comments_author_resolve_across_subgraphs(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    commenter = await platform.new_user(Role.WRITER)  # writers' comments publish directly
    post_id = await publish_post(platform, writer, "Discuss")
    added = await platform.data(ADD_COMMENT, {"postId": post_id, "text": "Agreed"}, user=commenter)
    assert added["addComment"]["state"] == "PUBLISHED"

    data = await platform.data(
        """query($login: String!) {
          userByLogin(login: $login) {
            login
            posts { edges { node { id comments { edges { node {
              text author { id login displayName posts { edges { node { id } } } }
            } } } } } }
          }
        }""",
        {"login": writer.login},
    )
    user = data["userByLogin"]
    assert user["login"] == writer.login
    [post] = [edge["node"] for edge in user["posts"]["edges"]]
    assert post["id"] == post_id
    [comment] = [edge["node"] for edge in post["comments"]["edges"]]
    assert comment["text"] == "Agreed"
    assert comment["author"]["id"] == commenter.id
    assert comment["author"]["login"] == commenter.login
    assert comment["author"]["posts"] == {"edges": []}

"""The seeded blog the differential corpus (tests/differential/corpus/) runs over.

`seed(platform)` writes, through our router, a small blog with a known shape and returns the
values corpus operations refer to: a string variable "@NAME" in a corpus file's `variables` is
replaced by `Seed.values[NAME]`, and `"as": "NAME"` sends that user's access token (the same
Authorization header to both gateways).

Users: alice, bob (WRITER), carol, dave (READER; dave is BLOCKED at the end, his access token is
still unexpired), mona (MODERATOR), olga (OWNER). Tags: federation, graphql, python.
alice: 12 PUBLISHED posts (alice_1 oldest .. alice_12 newest), a NEW draft and an
ON_MODERATION post; bob: 3 PUBLISHED posts and a NEW draft. Comments on alice_12, oldest first:
`approved` (carol's, published by mona), `pending` (carol's, still NEW), `bob` (PUBLISHED),
`reply` (alice's reply to `bob`), `blocked` (dave's, BLOCKED by mona).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.auth import Role
from tests.differential.harness import Operation
from tests.support.platform import Platform, TestUser
from tests.support.tokens import SigningKeys

__all__ = ["MISSING_UUID", "Seed", "seed"]

MISSING_UUID = "01900000-0000-7000-8000-000000000000"
TAGS = ("federation", "graphql", "python")
USERS = {
    "alice": Role.WRITER,
    "bob": Role.WRITER,
    "carol": Role.READER,
    "dave": Role.READER,
    "mona": Role.MODERATOR,
    "olga": Role.OWNER,
}


@dataclass(frozen=True)
class Seed:
    users: Mapping[str, TestUser]
    values: Mapping[str, str]

    def headers(self, actor: str | None) -> dict[str, str]:
        """The Authorization header of `actor`: a seeded user's access token, none for
        anonymous, or a bad credential: `forged` (an OWNER token signed by a key auth never
        had), `refresh` (carol's refresh token), `malformed` (a scheme without a token)."""
        if actor is None or actor == "anonymous":
            return {}
        if actor == "forged":
            forged = SigningKeys().mint(user_id=uuid.UUID(self.users["olga"].id), role=Role.OWNER)
            return {"Authorization": f"Bearer {forged}"}
        if actor == "refresh":
            return {"Authorization": f"Bearer {self.users['carol'].refresh_token}"}
        if actor == "malformed":
            return {"Authorization": "Bearer"}
        return self.users[actor].headers

    def bind(self, operation: Operation) -> Operation:
        """`operation` with every "@NAME" string of its variables replaced by its value."""
        if operation.variables is None:
            return operation
        return Operation(
            operation.name,
            operation.query,
            _bind(dict(operation.variables), self.values),
            operation.operation_name,
            operation.actor,
        )


def _bind(value: Any, values: Mapping[str, str]) -> Any:
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in values:
            raise KeyError(f"the blog seed has no value {value[1:]!r}")
        return values[value[1:]]
    if isinstance(value, dict):
        return {key: _bind(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_bind(item, values) for item in value]
    return value


CREATE_POST = """
mutation($input: CreatePostInput!) { createPost(input: $input) { id slug } }"""
SET_POST_STATE = "mutation($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }"
ADD_COMMENT = """
mutation($p: ID!, $t: String!, $r: ID) { addComment(postId: $p, text: $t, parentId: $r) { id } }"""
SET_COMMENT_STATE = """
mutation($p: ID!, $id: ID!, $s: ContentState!) {
  setCommentState(postId: $p, id: $id, state: $s) { id }
}"""


async def _post(
    platform: Platform,
    author: TestUser,
    topic: str,
    tag_ids: list[str],
    state: str | None,
    moderator: TestUser | None = None,
) -> dict[str, str]:
    """A post by `author`, moved to `state` by the author (or, to publish it, by `moderator`:
    authors submit, moderators publish)."""
    data = await platform.data(
        CREATE_POST,
        {
            "input": {
                "topic": topic,
                "text": f"# {topic}\n\nThe *body* of {topic}.",
                "previewText": f"About {topic}",
                "tagIds": tag_ids,
            }
        },
        user=author,
    )
    post: dict[str, str] = data["createPost"]
    if state is not None:
        who = moderator if state == "PUBLISHED" and moderator is not None else author
        await platform.data(SET_POST_STATE, {"id": post["id"], "s": state}, user=who)
    return post


async def _comment(
    platform: Platform, user: TestUser, post_id: str, text: str, parent: str | None = None
) -> str:
    data = await platform.data(ADD_COMMENT, {"p": post_id, "t": text, "r": parent}, user=user)
    comment_id: str = data["addComment"]["id"]
    return comment_id


async def seed(platform: Platform) -> Seed:
    users = {name: await platform.new_user(role, login=name) for name, role in USERS.items()}
    alice, bob, carol, dave, mona, olga = (users[name] for name in USERS)
    values: dict[str, str] = {"missing_uuid": MISSING_UUID}
    for name, user in users.items():
        values[f"user_{name}"] = user.id
        values[f"login_{name}"] = user.login

    for name in TAGS:
        data = await platform.data(
            "mutation($n: String!) { createTag(name: $n) { id } }", {"n": name}, user=olga
        )
        values[f"tag_{name}"] = data["createTag"]["id"]
    tag_ids = [values[f"tag_{name}"] for name in TAGS]

    for i in range(1, 13):
        tags = [tag_ids[i % 3]] + ([tag_ids[(i + 1) % 3]] if i % 2 == 0 else [])
        post = await _post(platform, alice, f"Alice post {i:02d}", tags, "PUBLISHED", mona)
        values[f"post_alice_{i}"] = post["id"]
        values[f"slug_alice_{i}"] = post["slug"]
    values["post_alice_draft"] = (await _post(platform, alice, "Alice draft", [], None))["id"]
    pending = await _post(platform, alice, "Alice pending", tag_ids[:1], "ON_MODERATION")
    values["post_alice_pending"] = pending["id"]
    for i in range(1, 4):
        post = await _post(platform, bob, f"Bob post {i}", tag_ids[2:], "PUBLISHED", mona)
        values[f"post_bob_{i}"] = post["id"]
    values["post_bob_draft"] = (await _post(platform, bob, "Bob draft", [], None))["id"]

    target = values["post_alice_12"]
    approved = await _comment(platform, carol, target, "Carol was here (approved)")
    await platform.data(
        SET_COMMENT_STATE, {"p": target, "id": approved, "s": "PUBLISHED"}, user=mona
    )
    values["comment_approved"] = approved
    values["comment_pending"] = await _comment(platform, carol, target, "Carol, pending")
    values["comment_bob"] = await _comment(platform, bob, target, "Bob agrees")
    values["comment_reply"] = await _comment(
        platform, alice, target, "Alice answers Bob", values["comment_bob"]
    )
    blocked = await _comment(platform, dave, target, "Dave shouts")
    await platform.data(SET_COMMENT_STATE, {"p": target, "id": blocked, "s": "BLOCKED"}, user=mona)
    values["comment_blocked"] = blocked
    await _comment(platform, bob, values["post_alice_11"], "Bob on eleven")

    page = await platform.data("{ posts(first: 5) { pageInfo { endCursor } } }")
    values["cursor_posts_5"] = page["posts"]["pageInfo"]["endCursor"]
    page = await platform.data("{ posts(first: 10) { pageInfo { endCursor } } }")
    values["cursor_posts_10"] = page["posts"]["pageInfo"]["endCursor"]
    page = await platform.data(
        "query($id: ID!) { post(id: $id) { comments(first: 2) { pageInfo { endCursor } } } }",
        {"id": target},
    )
    values["cursor_comments_2"] = page["post"]["comments"]["pageInfo"]["endCursor"]

    await platform.data(
        "mutation($id: ID!) { setUserState(userId: $id, state: BLOCKED) { id } }",
        {"id": dave.id},
        user=olga,
    )
    return Seed(users=users, values=values)

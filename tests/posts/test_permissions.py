"""Who may do what: every mutation by every kind of caller, with the outcome of each cell.

Targets are made fresh for every cell: a post by WRITER (published, or a NEW draft), a NEW comment
by READER on the published post, and a tag. "OK" means the mutation succeeded; otherwise the
cell names the `extensions.code` the caller gets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.posts.conftest import (
    ACTORS,
    BY_NAME,
    MODERATOR,
    OTHER,
    OWNER,
    READER,
    WRITER,
    Actor,
    Posts,
    start_posts,
)

OK = "OK"
U, F, NF, BAD = "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT"
ROLES = [a.name for a in ACTORS]  # anonymous reader writer other_writer moderator owner


@dataclass
class Target:
    post_id: str
    comment_id: str
    tag_id: str


@dataclass(frozen=True)
class Case:
    query: str
    variables: Callable[[Target, Actor], dict[str, Any]]
    expected: dict[str, str]


def row(*codes: str) -> dict[str, str]:
    return dict(zip(ROLES, codes, strict=True))


# On a PUBLISHED post by WRITER, with a NEW comment by READER.
PUBLISHED_MATRIX: dict[str, Case] = {
    "createPost": Case(
        "mutation($i: CreatePostInput!) { createPost(input: $i) { id author { id } } }",
        lambda t, a: {"i": {"topic": "New", "text": "Body"}},
        row(U, F, OK, OK, OK, OK),
    ),
    "updatePost": Case(
        'mutation($id: ID!) { updatePost(id: $id, input: {topic: "Edited"}) { id topic } }',
        lambda t, a: {"id": t.post_id},
        row(U, F, OK, F, F, OK),
    ),
    "setPostState:ON_MODERATION": Case(
        "mutation($id: ID!) { setPostState(id: $id, state: ON_MODERATION) { id state } }",
        lambda t, a: {"id": t.post_id},
        row(U, F, OK, F, OK, OK),
    ),
    "setPostState:BLOCKED": Case(
        "mutation($id: ID!) { setPostState(id: $id, state: BLOCKED) { id state } }",
        lambda t, a: {"id": t.post_id},
        row(U, F, F, F, OK, OK),
    ),
    "deletePost": Case(
        "mutation($id: ID!) { deletePost(id: $id) }",
        lambda t, a: {"id": t.post_id},
        row(U, F, OK, F, OK, OK),
    ),
    "addComment": Case(
        'mutation($p: ID!) { addComment(postId: $p, text: "Hi") { id author { id } } }',
        lambda t, a: {"p": t.post_id},
        row(U, OK, OK, OK, OK, OK),
    ),
    "addComment:reply": Case(
        'mutation($p: ID!, $c: ID!) { addComment(postId: $p, text: "Re", parentId: $c) '
        "{ id parentId } }",
        lambda t, a: {"p": t.post_id, "c": t.comment_id},
        # the parent is NEW: only its author and moderators see it, so only they reply to it
        row(U, OK, BAD, BAD, OK, OK),
    ),
    "editComment": Case(
        'mutation($p: ID!, $c: ID!) { editComment(postId: $p, id: $c, text: "Fixed") { id } }',
        lambda t, a: {"p": t.post_id, "c": t.comment_id},
        row(U, OK, NF, NF, F, F),
    ),
    "setCommentState": Case(
        "mutation($p: ID!, $c: ID!) { setCommentState(postId: $p, id: $c, state: PUBLISHED) "
        "{ id state } }",
        lambda t, a: {"p": t.post_id, "c": t.comment_id},
        row(U, F, F, F, OK, OK),
    ),
    "deleteComment": Case(
        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }",
        lambda t, a: {"p": t.post_id, "c": t.comment_id},
        row(U, OK, NF, NF, OK, OK),
    ),
    "createTag": Case(
        "mutation($n: String!) { createTag(name: $n) { id name } }",
        lambda t, a: {"n": f"tag-{t.tag_id}-{a.name}"},
        row(U, F, F, F, F, OK),
    ),
    "renameTag": Case(
        "mutation($id: ID!, $n: String!) { renameTag(id: $id, name: $n) { id name } }",
        lambda t, a: {"id": t.tag_id, "n": f"renamed-{t.tag_id}"},
        row(U, F, F, F, F, OK),
    ),
}

# On a NEW draft by WRITER: invisible to everyone but its author and moderators.
DRAFT_MATRIX: dict[str, Case] = {
    "updatePost": Case(
        PUBLISHED_MATRIX["updatePost"].query,
        lambda t, a: {"id": t.post_id},
        row(U, NF, OK, NF, F, OK),
    ),
    "setPostState:PUBLISHED": Case(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id state } }",
        lambda t, a: {"id": t.post_id},
        row(U, NF, F, NF, OK, OK),  # authors submit, moderators publish
    ),
    "setPostState:ON_MODERATION": Case(
        "mutation($id: ID!) { setPostState(id: $id, state: ON_MODERATION) { id state } }",
        lambda t, a: {"id": t.post_id},
        row(U, NF, OK, NF, OK, OK),
    ),
    "setPostState:BLOCKED": Case(
        PUBLISHED_MATRIX["setPostState:BLOCKED"].query,
        lambda t, a: {"id": t.post_id},
        row(U, NF, F, NF, OK, OK),
    ),
    "deletePost": Case(
        PUBLISHED_MATRIX["deletePost"].query,
        lambda t, a: {"id": t.post_id},
        row(U, NF, OK, NF, OK, OK),
    ),
    "addComment": Case(
        PUBLISHED_MATRIX["addComment"].query,
        lambda t, a: {"p": t.post_id},
        row(U, NF, BAD, NF, BAD, BAD),
    ),
}


async def _target(posts: Posts, *, draft: bool) -> Target:
    post = await posts.create_post(WRITER) if draft else await posts.published(WRITER)
    comment_id = "1"
    if not draft:
        comment = await posts.add_comment(post["id"], as_=READER)
        assert comment["state"] == "NEW"
        comment_id = comment["id"]
    tag = await posts.create_tag(f"target-{post['id']}")
    return Target(post_id=post["id"], comment_id=comment_id, tag_id=tag["id"])


def _cells(matrix: dict[str, Case]) -> list[Any]:
    return [pytest.param(name, role, id=f"{name}-{role}") for name in matrix for role in ROLES]


async def _check(posts: Posts, case: Case, actor: Actor, target: Target) -> None:
    expected = case.expected[actor.name]
    body = await posts.call(case.query, case.variables(target, actor), as_=actor)
    if expected == OK:
        assert not body.get("errors"), body
        result = next(iter(body["data"].values()))
        assert result is not None
        if isinstance(result, dict) and "author" in result:
            # the author is the caller, always from the token
            assert result["author"]["id"] == actor.id
    else:
        assert body.get("errors"), f"{actor.name} should get {expected}: {body}"
        assert [e["extensions"]["code"] for e in body["errors"]] == [expected], body


@pytest.mark.parametrize(("mutation", "role"), _cells(PUBLISHED_MATRIX))
async def test_on_a_published_post(posts: Posts, mutation: str, role: str) -> None:
    target = await _target(posts, draft=False)
    await _check(posts, PUBLISHED_MATRIX[mutation], BY_NAME[role], target)


@pytest.mark.parametrize(("mutation", "role"), _cells(DRAFT_MATRIX))
async def test_on_a_draft(posts: Posts, mutation: str, role: str) -> None:
    target = await _target(posts, draft=True)
    await _check(posts, DRAFT_MATRIX[mutation], BY_NAME[role], target)


async def test_the_author_cannot_take_a_post_out_of_blocked(posts: Posts) -> None:
    post = await posts.create_post(WRITER, state="BLOCKED")
    for state in ("NEW", "ON_MODERATION", "PUBLISHED"):
        code = await posts.code(
            "mutation($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }",
            {"id": post["id"], "s": state},
            as_=WRITER,
        )
        assert code == "FORBIDDEN"
    # but may still see it, and a moderator releases it
    assert (await posts.get_post(post["id"], as_=WRITER))["data"]["post"]["state"] == "BLOCKED"
    released = await posts.set_state(post["id"], "PUBLISHED", as_=BY_NAME["moderator"])
    assert released["state"] == "PUBLISHED"


async def test_an_author_moves_their_post_through_the_author_states(posts: Posts) -> None:
    post = await posts.create_post(WRITER)
    for state in ("ON_MODERATION", "NEW", "ON_MODERATION"):
        assert (await posts.set_state(post["id"], state, as_=WRITER))["state"] == state
    await posts.set_state(post["id"], "PUBLISHED", as_=MODERATOR)
    # the author takes a published post back, and may not publish it again themselves
    assert (await posts.set_state(post["id"], "NEW", as_=WRITER))["state"] == "NEW"
    code = await posts.code(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        {"id": post["id"]},
        as_=WRITER,
    )
    assert code == "FORBIDDEN"


async def test_author_self_publish_opens_publishing_to_every_author() -> None:
    async with start_posts(author_self_publish=True) as open_posts:
        post = await open_posts.create_post(WRITER)
        published = await open_posts.set_state(post["id"], "PUBLISHED", as_=WRITER)
        assert published["state"] == "PUBLISHED"
        # still no moderation powers
        code = await open_posts.code(
            "mutation($id: ID!) { setPostState(id: $id, state: BLOCKED) { id } }",
            {"id": post["id"]},
            as_=WRITER,
        )
        assert code == "FORBIDDEN"


async def test_a_trusted_author_publishes_until_the_flag_is_revoked(posts: Posts) -> None:
    trust = (
        "mutation($u: ID!, $t: Boolean!) { setTrustedAuthor(userId: $u, trusted: $t) "
        "{ id trustedAuthor } }"
    )
    for actor in (WRITER, MODERATOR):
        assert await posts.code(trust, {"u": OTHER.id, "t": True}, as_=actor) == "FORBIDDEN"
    assert await posts.code(trust, {"u": "not-an-id", "t": True}, as_=OWNER) == "BAD_USER_INPUT"
    granted = await posts.data(trust, {"u": OTHER.id, "t": True}, as_=OWNER)
    assert granted["setTrustedAuthor"] == {"id": OTHER.id, "trustedAuthor": True}
    again = await posts.data(trust, {"u": OTHER.id, "t": True}, as_=OWNER)  # idempotent
    assert again["setTrustedAuthor"]["trustedAuthor"] is True
    post = await posts.create_post(OTHER)
    assert (await posts.set_state(post["id"], "PUBLISHED", as_=OTHER))["state"] == "PUBLISHED"
    await posts.data(trust, {"u": OTHER.id, "t": False}, as_=OWNER)
    second = await posts.create_post(OTHER)
    code = await posts.code(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        {"id": second["id"]},
        as_=OTHER,
    )
    assert code == "FORBIDDEN"


async def test_a_demoted_author_no_longer_changes_states(posts: Posts) -> None:
    post = await posts.create_post(WRITER)
    demoted = Actor("demoted", READER.role, WRITER.user_id)
    code = await posts.code(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        {"id": post["id"]},
        as_=demoted,
    )
    assert code == "FORBIDDEN"


async def test_owner_edits_any_post_and_keeps_its_author(posts: Posts) -> None:
    post = await posts.published(WRITER)
    data = await posts.data(
        'mutation($id: ID!) { updatePost(id: $id, input: {text: "By owner"}) '
        "{ text author { id } } }",
        {"id": post["id"]},
        as_=OWNER,
    )
    assert data["updatePost"] == {"text": "By owner", "author": {"id": WRITER.id}}

"""Unpublished posts and unpublished comments are seen by their author and moderators only:
every read path (post, postBySlug, posts, User.posts, _entities, comment, Post.comments)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.posts.conftest import (
    ACTORS,
    BY_NAME,
    MODERATOR,
    OTHER,
    READER,
    WRITER,
    Posts,
)

ROLES = [a.name for a in ACTORS]
# Who sees a NEW / ON_MODERATION / BLOCKED post of WRITER.
SEES_DRAFT = {"anonymous": False, "reader": False, "writer": True, "other_writer": False}
SEES_DRAFT |= {"moderator": True, "owner": True}

ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) {
    ... on Post { id topic text state }
    ... on User { id posts(first: 100) { nodes { id state } } }
} }"""


async def _seen_by(posts: Posts, post: dict[str, Any], role: str) -> dict[str, bool]:
    """Which read paths show `post` to `role` (and never any of its content otherwise)."""
    actor = BY_NAME[role]
    post_id = post["id"]
    single = await posts.get_post(post_id, as_=actor)
    by_slug = await posts.call(
        "query($s: String!) { postBySlug(slug: $s) { id text } }", {"s": post["slug"]}, as_=actor
    )
    listed = await posts.data(
        "query($a: ID) { posts(first: 100, authorId: $a) { nodes { id } } }",
        {"a": WRITER.id},
        as_=actor,
    )
    feed = await posts.data("{ posts(first: 100) { nodes { id } } }", as_=actor)
    entities = await posts.data(
        ENTITIES,
        {"r": [{"__typename": "Post", "id": post_id}, {"__typename": "User", "id": WRITER.id}]},
        as_=actor,
    )
    for hidden in (single, by_slug):
        if hidden["data"][next(iter(hidden["data"]))] is None:
            assert [e["extensions"]["code"] for e in hidden["errors"]] == ["NOT_FOUND"]
            assert post["text"] not in str(hidden)
    entity_post, entity_user = entities["_entities"]
    return {
        "post": single["data"]["post"] is not None,
        "postBySlug": by_slug["data"]["postBySlug"] is not None,
        "posts(authorId)": post_id in {n["id"] for n in listed["posts"]["nodes"]},
        "posts": post_id in {n["id"] for n in feed["posts"]["nodes"]},
        "_entities Post": entity_post is not None,
        "User.posts": post_id in {n["id"] for n in entity_user["posts"]["nodes"]},
    }


@pytest.mark.parametrize("state", ["NEW", "ON_MODERATION", "BLOCKED"])
@pytest.mark.parametrize("role", ROLES)
async def test_unpublished_posts_are_seen_by_their_author_and_moderators(
    posts: Posts, state: str, role: str
) -> None:
    post = await posts.create_post(WRITER, text=f"secret draft text {state}", state=state)
    seen = await _seen_by(posts, post, role)
    expected = SEES_DRAFT[role]
    assert seen == {
        "post": expected,
        "postBySlug": expected,
        "posts(authorId)": expected,
        "posts": False,  # the list of all authors shows PUBLISHED unless a state is asked
        "_entities Post": expected,
        "User.posts": expected,
    }


@pytest.mark.parametrize("role", ROLES)
async def test_published_posts_are_seen_by_everyone(posts: Posts, role: str) -> None:
    post = await posts.published(WRITER, text="public text")
    assert set((await _seen_by(posts, post, role)).values()) == {True}


@pytest.mark.parametrize("role", ROLES)
async def test_deleted_posts_are_seen_by_nobody(posts: Posts, role: str) -> None:
    post = await posts.published(WRITER, text="deleted text")
    await posts.data("mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER)
    assert set((await _seen_by(posts, post, role)).values()) == {False}


async def test_state_filters_beyond_published_are_for_moderators_and_own_posts(
    posts: Posts,
) -> None:
    draft = await posts.create_post(WRITER)
    query = "query($s: ContentState, $a: ID) { posts(state: $s, authorId: $a) { nodes { id } } }"
    for actor in (BY_NAME["anonymous"], READER, OTHER):
        assert await posts.code(query, {"s": "NEW"}, as_=actor) == "FORBIDDEN"
        assert await posts.code(query, {"s": "NEW", "a": WRITER.id}, as_=actor) == "FORBIDDEN"
    assert await posts.code(query, {"s": "NEW"}, as_=WRITER) == "FORBIDDEN"
    own = await posts.data(query, {"s": "NEW", "a": WRITER.id}, as_=WRITER)
    assert draft["id"] in {n["id"] for n in own["posts"]["nodes"]}
    moderated = await posts.data(query, {"s": "NEW"}, as_=MODERATOR)
    assert draft["id"] in {n["id"] for n in moderated["posts"]["nodes"]}
    assert await posts.code(query, {"s": "DELETED"}, as_=MODERATOR) == "BAD_USER_INPUT"
    published = await posts.data(query, {"s": "PUBLISHED"}, as_=READER)
    assert draft["id"] not in {n["id"] for n in published["posts"]["nodes"]}
    user_posts = await posts.code(
        "query($r: [_Any!]!) { _entities(representations: $r) { ... on User "
        "{ posts(state: NEW) { nodes { id } } } } }",
        {"r": [{"__typename": "User", "id": WRITER.id}]},
        as_=OTHER,
    )
    assert user_posts == "FORBIDDEN"


# ---------------------------------------------------------------------------- comments

# Which of the comments each viewer sees: PUBLISHED (by WRITER), NEW (by READER),
# BLOCKED (by OTHER), DELETED (by READER).
SEES_COMMENTS = {
    "anonymous": {"published"},
    "reader": {"published", "new"},
    "writer": {"published"},
    "other_writer": {"published"},
    "moderator": {"published", "new", "blocked", "deleted"},
    "owner": {"published", "new", "blocked", "deleted"},
}


@pytest.fixture(scope="module")
async def discussion(posts: Posts) -> dict[str, Any]:
    post = await posts.published(WRITER)
    pid = post["id"]
    published = await posts.add_comment(pid, as_=WRITER, text="published comment")
    new = await posts.add_comment(pid, as_=READER, text="awaiting comment")
    blocked = await posts.add_comment(pid, as_=OTHER, text="blocked comment")
    await posts.set_comment_state(pid, blocked["id"], "BLOCKED")
    deleted = await posts.add_comment(pid, as_=READER, text="deleted comment")
    await posts.data(
        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }",
        {"p": pid, "c": deleted["id"]},
        as_=READER,
    )
    assert published["state"] == "PUBLISHED"
    assert new["state"] == "NEW"
    return {
        "post_id": pid,
        "ids": {
            "published": published["id"],
            "new": new["id"],
            "blocked": blocked["id"],
            "deleted": deleted["id"],
        },
    }


@pytest.mark.parametrize("role", ROLES)
async def test_comments_are_seen_by_the_rules(
    posts: Posts, discussion: dict[str, Any], role: str
) -> None:
    actor = BY_NAME[role]
    ids: dict[str, str] = discussion["ids"]
    names = {v: k for k, v in ids.items()}
    data = await posts.data(
        "query($id: ID!) { post(id: $id) { comments(first: 50) { nodes { id text state } } } }",
        {"id": discussion["post_id"]},
        as_=actor,
    )
    listed = [names[c["id"]] for c in data["post"]["comments"]["nodes"]]
    expected = SEES_COMMENTS[role]
    assert listed == [n for n in ("published", "new", "blocked", "deleted") if n in expected]
    for name, comment_id in ids.items():
        body = await posts.call(
            "query($p: ID!, $c: ID!) { comment(postId: $p, id: $c) { id text } }",
            {"p": discussion["post_id"], "c": comment_id},
            as_=actor,
        )
        if name in expected:
            assert body["data"]["comment"]["id"] == comment_id
        else:
            assert body["data"]["comment"] is None
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
            assert f"{name} comment" not in str(body)


async def test_comments_of_a_post_that_went_back_to_draft_are_hidden(posts: Posts) -> None:
    post = await posts.published(WRITER)
    comment = await posts.add_comment(post["id"], as_=OTHER, text="early words")
    await posts.set_state(post["id"], "NEW", as_=WRITER)
    body = await posts.call(
        "query($p: ID!, $c: ID!) { comment(postId: $p, id: $c) { id } }",
        {"p": post["id"], "c": comment["id"]},
        as_=OTHER,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"

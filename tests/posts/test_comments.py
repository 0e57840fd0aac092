"""Comments: pre-moderation policies, threaded replies, editing while NEW, moderation."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from subgraphs.posts.settings import CommentPremoderation
from tests.posts.conftest import (
    MODERATOR,
    OTHER,
    OWNER,
    READER,
    WRITER,
    Actor,
    Posts,
    premoderation,
    start_posts,
)

EDIT = "mutation($p: ID!, $c: ID!, $t: String!) { editComment(postId: $p, id: $c, text: $t) { id text state updatedAt } }"  # noqa: E501
ADD = "mutation($p: ID!, $t: String!, $r: ID) { addComment(postId: $p, text: $t, parentId: $r) { id parentId } }"  # noqa: E501

POLICIES: dict[CommentPremoderation, dict[str, str]] = {
    "readers": {"reader": "NEW", "writer": "PUBLISHED", "moderator": "PUBLISHED"},
    "all": {"reader": "NEW", "writer": "NEW", "moderator": "PUBLISHED"},
    "none": {"reader": "PUBLISHED", "writer": "PUBLISHED", "moderator": "PUBLISHED"},
}


@pytest.fixture(scope="module", params=list(POLICIES))
async def policy_service(request: pytest.FixtureRequest) -> AsyncIterator[tuple[str, Posts]]:
    policy: CommentPremoderation = request.param
    async with start_posts(**premoderation(policy)) as service:
        yield policy, service


@pytest.mark.parametrize("actor", [READER, WRITER, MODERATOR, OWNER], ids=lambda a: a.name)
async def test_premoderation_policy_sets_the_first_state(
    policy_service: tuple[CommentPremoderation, Posts], actor: Actor
) -> None:
    policy, posts = policy_service
    post = await posts.published(WRITER)
    comment = await posts.add_comment(post["id"], as_=actor)
    role = "moderator" if actor is OWNER else actor.name
    assert comment["state"] == POLICIES[policy][role]
    assert comment["author"]["id"] == actor.id
    # a NEW comment is listed for its author, not for others, until a moderator publishes it
    query = "query($id: ID!) { post(id: $id) { comments { nodes { id } } } }"
    others = await posts.data(query, {"id": post["id"]}, as_=OTHER)
    shown = comment["id"] in {c["id"] for c in others["post"]["comments"]["nodes"]}
    assert shown == (comment["state"] == "PUBLISHED")
    own = await posts.data(query, {"id": post["id"]}, as_=actor)
    assert comment["id"] in {c["id"] for c in own["post"]["comments"]["nodes"]}
    if comment["state"] == "NEW":
        await posts.set_comment_state(post["id"], comment["id"], "PUBLISHED")
        others = await posts.data(query, {"id": post["id"]}, as_=OTHER)
        assert comment["id"] in {c["id"] for c in others["post"]["comments"]["nodes"]}


async def test_threaded_replies(posts: Posts) -> None:
    post = await posts.published(WRITER)
    pid = post["id"]
    root = await posts.add_comment(pid, as_=WRITER, text="root")
    reply = await posts.add_comment(pid, as_=OTHER, text="reply", parent_id=root["id"])
    nested = await posts.add_comment(pid, as_=WRITER, text="nested", parent_id=reply["id"])
    assert reply["parentId"] == root["id"]
    assert nested["parentId"] == reply["id"]
    data = await posts.data(
        "query($id: ID!) { post(id: $id) { comments { nodes { id parentId text } } } }",
        {"id": pid},
    )
    assert data["post"]["comments"]["nodes"] == [
        {"id": root["id"], "parentId": None, "text": "root"},
        {"id": reply["id"], "parentId": root["id"], "text": "reply"},
        {"id": nested["id"], "parentId": reply["id"], "text": "nested"},
    ]


async def test_replies_only_to_a_visible_comment_of_the_same_post(posts: Posts) -> None:
    post = await posts.published(WRITER)
    elsewhere = await posts.published(WRITER)
    foreign = await posts.add_comment(elsewhere["id"], as_=WRITER)
    awaiting = await posts.add_comment(post["id"], as_=READER)  # NEW: hidden from OTHER
    gone = await posts.add_comment(post["id"], as_=WRITER)
    await posts.data(
        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }",
        {"p": post["id"], "c": gone["id"]},
        as_=WRITER,
    )
    for parent in (foreign["id"], "999999", awaiting["id"], gone["id"]):
        error = await posts.error(ADD, {"p": post["id"], "t": "x", "r": parent}, as_=OTHER)
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "parentId"}
    error = await posts.error(ADD, {"p": post["id"], "t": "x", "r": "abc"}, as_=OTHER)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    # a moderator still replies to the hidden one; a deleted parent is refused to all
    await posts.add_comment(post["id"], as_=MODERATOR, parent_id=awaiting["id"])
    code = await posts.code(ADD, {"p": post["id"], "t": "x", "r": gone["id"]}, as_=MODERATOR)
    assert code == "BAD_USER_INPUT"


@pytest.mark.parametrize("state", ["NEW", "ON_MODERATION", "BLOCKED"])
async def test_no_comments_on_unpublished_posts(posts: Posts, state: str) -> None:
    post = await posts.create_post(WRITER, state=state)
    error = await posts.error(ADD, {"p": post["id"], "t": "hello"}, as_=WRITER)
    assert error["message"] == "Post is not published"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    # those who cannot see the post do not learn it exists
    assert await posts.code(ADD, {"p": post["id"], "t": "hello"}, as_=OTHER) == "NOT_FOUND"


async def test_authors_edit_their_comment_only_while_new(posts: Posts) -> None:
    post = await posts.published(WRITER)
    comment = await posts.add_comment(post["id"], as_=READER, text="draft")
    edited = await posts.data(
        EDIT, {"p": post["id"], "c": comment["id"], "t": "better"}, as_=READER
    )
    assert edited["editComment"]["text"] == "better"
    assert edited["editComment"]["updatedAt"] > comment["updatedAt"]
    await posts.set_comment_state(post["id"], comment["id"], "PUBLISHED")
    error = await posts.error(EDIT, {"p": post["id"], "c": comment["id"], "t": "x"}, as_=READER)
    assert error["extensions"]["code"] == "FORBIDDEN"
    # a WRITER's comment is published at once, so it is never editable
    direct = await posts.add_comment(post["id"], as_=WRITER)
    assert direct["state"] == "PUBLISHED"
    code = await posts.code(EDIT, {"p": post["id"], "c": direct["id"], "t": "x"}, as_=WRITER)
    assert code == "FORBIDDEN"


async def test_comment_text_limits(posts: Posts) -> None:
    post = await posts.published(WRITER)
    for text in ("", "   ", "x" * 10_001):
        error = await posts.error(ADD, {"p": post["id"], "t": text}, as_=WRITER)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "text"
    assert (await posts.add_comment(post["id"], as_=WRITER, text="y" * 10_000))["id"]
    comment = await posts.add_comment(post["id"], as_=READER)
    error = await posts.error(
        EDIT, {"p": post["id"], "c": comment["id"], "t": "z" * 10_001}, as_=READER
    )
    assert error["extensions"]["field"] == "text"


async def test_moderation_of_comments(posts: Posts) -> None:
    post = await posts.published(WRITER)
    comment = await posts.add_comment(post["id"], as_=READER)
    set_state = (
        "mutation($p: ID!, $c: ID!, $s: ContentState!) "
        "{ setCommentState(postId: $p, id: $c, state: $s) { state } }"
    )
    variables = {"p": post["id"], "c": comment["id"]}
    code = await posts.code(set_state, {**variables, "s": "DELETED"}, as_=MODERATOR)
    assert code == "BAD_USER_INPUT"
    for state in ("BLOCKED", "ON_MODERATION", "PUBLISHED"):
        data = await posts.data(set_state, {**variables, "s": state}, as_=MODERATOR)
        assert data["setCommentState"]["state"] == state
    # a deleted comment is gone for its author, and a moderator can restore it
    await posts.data(
        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }", variables, as_=READER
    )
    query = "query($p: ID!, $c: ID!) { comment(postId: $p, id: $c) { state } }"
    assert await posts.code(query, variables, as_=READER) == "NOT_FOUND"
    assert (await posts.data(query, variables, as_=MODERATOR))["comment"]["state"] == "DELETED"
    restored = await posts.data(set_state, {**variables, "s": "PUBLISHED"}, as_=MODERATOR)
    assert restored["setCommentState"]["state"] == "PUBLISHED"
    assert (await posts.data(query, variables, as_=READER))["comment"]["state"] == "PUBLISHED"


async def test_unknown_and_malformed_comment_ids(posts: Posts) -> None:
    post = await posts.published(WRITER)
    query = "query($p: ID!, $c: ID!) { comment(postId: $p, id: $c) { id } }"
    assert await posts.code(query, {"p": post["id"], "c": "424242"}) == "NOT_FOUND"
    for bad in ("abc", "-1", "0", "1.5", str(2**63)):
        assert await posts.code(query, {"p": post["id"], "c": bad}) == "BAD_USER_INPUT"
    assert await posts.code(query, {"p": "not-a-uuid", "c": "1"}) == "BAD_USER_INPUT"
    unknown_post = "01890a5d-ac96-774b-bcce-b302099a8057"
    assert await posts.code(query, {"p": unknown_post, "c": "1"}) == "NOT_FOUND"

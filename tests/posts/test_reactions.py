"""Reactions against the posts service on a real PostgreSQL: one per user per kind, counts and
the viewer's own, events only on real changes, the rate limit."""

from __future__ import annotations

from typing import Any

from tests.posts.conftest import ANON, OTHER, READER, WRITER, Actor, Posts, start_posts

REACT = """mutation($p: ID!, $c: ID, $k: ReactionKind!) {
  react(postId: $p, commentId: $c, kind: $k) { counts { kind count } viewerReactions }
}"""
UNREACT = """mutation($p: ID!, $c: ID, $k: ReactionKind!) {
  unreact(postId: $p, commentId: $c, kind: $k) { counts { kind count } viewerReactions }
}"""
POST = """query($id: ID!) { post(id: $id) {
  reactions { counts { kind count } viewerReactions }
  comments { edges { node { id reactions { counts { kind count } viewerReactions } } } }
} }"""


def counts(reactions: dict[str, Any]) -> dict[str, int]:
    return {c["kind"]: c["count"] for c in reactions["counts"]}


async def react(
    posts: Posts,
    post_id: str,
    kind: str,
    *,
    as_: Actor,
    comment: str | None = None,
    on: bool = True,
) -> dict[str, Any]:
    data = await posts.data(
        REACT if on else UNREACT, {"p": post_id, "c": comment, "k": kind}, as_=as_
    )
    result: dict[str, Any] = data["react" if on else "unreact"]
    return result


async def test_one_reaction_per_user_per_kind_on_posts_and_comments(posts: Posts) -> None:
    post = await posts.published()
    comment = await posts.add_comment(post["id"], as_=WRITER)
    mine = await react(posts, post["id"], "LIKE", as_=READER)
    assert counts(mine) == {"LIKE": 1, "INSIGHTFUL": 0, "FUNNY": 0}
    assert mine["viewerReactions"] == ["LIKE"]
    await react(posts, post["id"], "LIKE", as_=READER)  # again: no change
    await react(posts, post["id"], "FUNNY", as_=READER)
    await react(posts, post["id"], "LIKE", as_=OTHER)
    await react(posts, post["id"], "INSIGHTFUL", as_=READER, comment=comment["id"])

    seen = (await posts.data(POST, {"id": post["id"]}, as_=READER))["post"]
    assert counts(seen["reactions"]) == {"LIKE": 2, "INSIGHTFUL": 0, "FUNNY": 1}
    assert seen["reactions"]["viewerReactions"] == ["LIKE", "FUNNY"]
    on_comment = seen["comments"]["edges"][0]["node"]["reactions"]
    assert counts(on_comment)["INSIGHTFUL"] == 1
    assert on_comment["viewerReactions"] == ["INSIGHTFUL"]
    anon = (await posts.data(POST, {"id": post["id"]}, as_=ANON))["post"]
    assert anon["reactions"]["viewerReactions"] == []

    left = await react(posts, post["id"], "LIKE", as_=READER, on=False)
    await react(posts, post["id"], "LIKE", as_=READER, on=False)  # absent: no change
    assert counts(left)["LIKE"] == 1
    assert left["viewerReactions"] == ["FUNNY"]

    events = [r for r in await posts.outbox_rows(post["id"]) if r["topic"] == "posts.reaction.v1"]
    assert [(e["type"], e["payload"]["kind"], e["payload"]["comment_id"]) for e in events] == [
        ("ReactionAdded", "LIKE", None),
        ("ReactionAdded", "FUNNY", None),
        ("ReactionAdded", "LIKE", None),
        ("ReactionAdded", "INSIGHTFUL", int(comment["id"])),
        ("ReactionRemoved", "LIKE", None),
    ]


async def test_reaction_errors(posts: Posts) -> None:
    draft = await posts.create_post()
    variables = {"p": draft["id"], "k": "LIKE"}
    assert await posts.code(REACT, variables, as_=READER) == "NOT_FOUND"
    published = await posts.published()
    assert await posts.code(REACT, {"p": published["id"], "k": "LIKE"}) == "UNAUTHENTICATED"
    assert await posts.code(REACT, {"p": "x", "k": "LIKE"}, as_=READER) == "BAD_USER_INPUT"
    missing = {"p": published["id"], "c": "999999", "k": "LIKE"}
    assert await posts.code(REACT, missing, as_=READER) == "NOT_FOUND"


async def test_reactions_are_rate_limited() -> None:
    async with start_posts(reactions_per_minute=3) as posts:
        post = await posts.published()
        await react(posts, post["id"], "LIKE", as_=READER)
        await react(posts, post["id"], "LIKE", as_=READER, on=False)
        await react(posts, post["id"], "LIKE", as_=READER)
        error = await posts.error(REACT, {"p": post["id"], "k": "FUNNY"}, as_=READER)
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert 1 <= error["extensions"]["retryAfter"] <= 60
        await react(posts, post["id"], "FUNNY", as_=WRITER)  # another user's own window

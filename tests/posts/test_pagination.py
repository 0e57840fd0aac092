"""Relay connections at their edges: empty, exact pages, size limits, bad cursors, and a stable
order when timestamps are equal. Each test pages the posts of its own fresh author."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from common.auth import Role
from tests.posts.conftest import MODERATOR, READER, WRITER, Actor, Posts

MAX_PAGES = 50  # a cursor that never ends fails the test instead of hanging it

BY_AUTHOR = """query($a: ID, $first: Int, $after: String) {
    posts(authorId: $a, first: $first, after: $after) {
        edges { cursor node { id } } pageInfo { hasNextPage endCursor }
    }
}"""


def fresh_writer() -> Actor:
    return Actor("fresh", Role.WRITER, uuid.uuid4())


async def page(
    posts: Posts, author: Actor, first: int | None, after: str | None = None
) -> dict[str, Any]:
    data = await posts.data(BY_AUTHOR, {"a": author.id, "first": first, "after": after})
    result: dict[str, Any] = data["posts"]
    return result


async def walk(posts: Posts, author: Actor, first: int) -> list[str]:
    ids: list[str] = []
    after = None
    for _ in range(MAX_PAGES):
        current = await page(posts, author, first, after)
        ids += [e["node"]["id"] for e in current["edges"]]
        if not current["pageInfo"]["hasNextPage"]:
            return ids
        after = current["pageInfo"]["endCursor"]
    else:
        raise AssertionError(f"hasNextPage still true after {MAX_PAGES} pages")


async def test_empty(posts: Posts) -> None:
    result = await page(posts, fresh_writer(), 10)
    assert result == {"edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}


async def test_exact_and_partial_pages(posts: Posts) -> None:
    author = fresh_writer()
    made = [(await posts.published(author))["id"] for _ in range(4)]
    newest_first = made[::-1]
    exact = await page(posts, author, 4)
    assert [e["node"]["id"] for e in exact["edges"]] == newest_first
    assert exact["pageInfo"] == {"hasNextPage": False, "endCursor": exact["edges"][-1]["cursor"]}
    first = await page(posts, author, 3)
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await page(posts, author, 3, first["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["edges"]] == newest_first[3:]
    assert rest["pageInfo"]["hasNextPage"] is False
    after_last = await page(posts, author, 3, rest["pageInfo"]["endCursor"])
    assert after_last["edges"] == []
    assert await walk(posts, author, 1) == newest_first
    # default page size serves them all
    assert len((await page(posts, author, None))["edges"]) == 4


@pytest.mark.parametrize("first", [0, -1, 101])
async def test_page_size_limits(posts: Posts, first: int) -> None:
    error = await posts.error(BY_AUTHOR, {"a": WRITER.id, "first": first})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first"}


async def test_page_size_100_is_allowed(posts: Posts) -> None:
    assert (await page(posts, WRITER, 100))["edges"] is not None


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        b64(b"not json"),
        b64(b'["2026-01-01T00:00:00+00:00"]'),
        b64(b'["yesterday", "01890a5d-ac96-774b-bcce-b302099a8057"]'),
        b64(b'["2026-01-01T00:00:00+00:00", "nope"]'),
        b64(b'{"a": 1}'),
    ],
)
async def test_bad_cursors(posts: Posts, cursor: str) -> None:
    error = await posts.error(BY_AUTHOR, {"a": WRITER.id, "first": 2, "after": cursor})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "after"}


@pytest.mark.parametrize(
    "query",
    [
        "query($after: String) { tags(after: $after) { nodes { id } } }",
        'query($after: String) { post(id: "01890a5d-ac96-774b-bcce-b302099a8057") '
        "{ comments(after: $after) { nodes { id } } } }",
    ],
)
async def test_bad_cursors_on_tags_and_comments(posts: Posts, query: str) -> None:
    if "post(" in query:
        post = await posts.published(WRITER)
        query = query.replace("01890a5d-ac96-774b-bcce-b302099a8057", post["id"])
    for cursor in ("garbage", b64(b'["a"]'), b64(b"[true]"), b64(b'["x", "y"]')):
        error = await posts.error(query, {"after": cursor})
        assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_stable_order_with_equal_timestamps(posts: Posts) -> None:
    author = fresh_writer()
    made = [(await posts.published(author))["id"] for _ in range(5)]
    await posts.sql(
        "UPDATE posts SET created_at = '2026-01-01T00:00:00Z' WHERE author_id = :a",
        a=uuid.UUID(author.id),
    )
    expected = sorted(made, reverse=True)  # ties broken by id, newest (largest UUIDv7) first
    assert await walk(posts, author, 2) == expected
    assert await walk(posts, author, 1) == expected
    assert await walk(posts, author, 5) == expected


async def test_user_posts_pages_like_posts(posts: Posts) -> None:
    author = fresh_writer()
    made = [(await posts.published(author))["id"] for _ in range(3)]
    draft = await posts.create_post(author)
    query = """query($r: [_Any!]!, $after: String) { _entities(representations: $r) {
        ... on User { posts(first: 2, after: $after) {
            nodes { id } pageInfo { hasNextPage endCursor } } } } }"""
    variables: dict[str, Any] = {"r": [{"__typename": "User", "id": author.id}]}
    first = (await posts.data(query, variables))["_entities"][0]["posts"]
    assert [n["id"] for n in first["nodes"]] == made[::-1][:2]
    second = (await posts.data(query, {**variables, "after": first["pageInfo"]["endCursor"]}))[
        "_entities"
    ][0]["posts"]
    assert [n["id"] for n in second["nodes"]] == made[:1]
    assert second["pageInfo"]["hasNextPage"] is False
    own = (await posts.data(query, variables, as_=author))["_entities"][0]["posts"]
    assert own["nodes"][0]["id"] == draft["id"]


async def test_comments_page_oldest_first(posts: Posts) -> None:
    post = await posts.published(WRITER)
    made = [(await posts.add_comment(post["id"], as_=WRITER, text=f"c{i}"))["id"] for i in range(5)]
    hidden = await posts.add_comment(post["id"], as_=READER)  # NEW: not for anonymous
    query = """query($id: ID!, $after: String) { post(id: $id) {
        comments(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    for _ in range(MAX_PAGES):
        comments = (await posts.data(query, {"id": post["id"], "after": after}))["post"]["comments"]
        seen += [n["id"] for n in comments["nodes"]]
        if not comments["pageInfo"]["hasNextPage"]:
            break
        after = comments["pageInfo"]["endCursor"]
    else:
        raise AssertionError(f"hasNextPage still true after {MAX_PAGES} pages")
    assert seen == made
    moderated = await posts.data(
        "query($id: ID!) { post(id: $id) { comments(first: 100) { nodes { id } } } }",
        {"id": post["id"]},
        as_=MODERATOR,
    )
    assert [n["id"] for n in moderated["post"]["comments"]["nodes"]] == [*made, hidden["id"]]


async def test_tags_page_by_name(posts: Posts) -> None:
    prefix = uuid.uuid4().hex[:6]
    names = [f"{prefix}-{n}" for n in ("Beta", "alpha", "Gamma", "delta")]
    for name in names:
        await posts.create_tag(name)
    query = """query($after: String) { tags(first: 100, after: $after) {
        nodes { name } pageInfo { hasNextPage endCursor } } }"""
    everything: list[str] = []
    after = None
    for _ in range(MAX_PAGES):
        tags = (await posts.data(query, {"after": after}))["tags"]
        everything += [n["name"] for n in tags["nodes"]]
        if not tags["pageInfo"]["hasNextPage"]:
            break
        after = tags["pageInfo"]["endCursor"]
    else:
        raise AssertionError(f"hasNextPage still true after {MAX_PAGES} pages")
    mine = [n for n in everything if n.startswith(prefix)]
    assert mine == sorted(names, key=str.lower)
    assert everything == sorted(everything, key=str.lower)
    small = await posts.data("{ tags(first: 1) { nodes { name } pageInfo { hasNextPage } } }")
    assert small["tags"]["pageInfo"]["hasNextPage"] is True

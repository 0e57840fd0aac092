"""Reading lists against the posts service on a real PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.posts.conftest import ANON, MODERATOR, READER, WRITER, Actor, Posts

MINE = """query($first: Int, $after: String) {
  myBookmarks(first: $first, after: $after) {
    edges { node { id viewerBookmarked } } pageInfo { hasNextPage endCursor }
  }
}"""
MARK = "mutation($id: ID!) { bookmark(postId: $id) { id viewerBookmarked } }"
UNMARK = "mutation($id: ID!) { unbookmark(postId: $id) }"


async def mine(posts: Posts, as_: Actor, **variables: Any) -> list[str]:
    data = await posts.data(MINE, variables, as_=as_)
    nodes = [e["node"] for e in data["myBookmarks"]["edges"]]
    assert all(n["viewerBookmarked"] for n in nodes)
    return [n["id"] for n in nodes]


async def test_bookmark_list_and_unbookmark(posts: Posts) -> None:
    first = await posts.published()
    second = await posts.published()
    assert (await posts.data(MARK, {"id": first["id"]}, as_=READER))["bookmark"] == {
        "id": first["id"],
        "viewerBookmarked": True,
    }
    await posts.data(MARK, {"id": second["id"]}, as_=READER)
    await posts.data(MARK, {"id": second["id"]}, as_=READER)  # twice: no change
    assert await mine(posts, READER) == [second["id"], first["id"]]
    page = await posts.data(MINE, {"first": 1}, as_=READER)
    after = page["myBookmarks"]["pageInfo"]["endCursor"]
    assert await mine(posts, READER, first=1, after=after) == [first["id"]]
    assert await mine(posts, WRITER) == []  # one reader's list

    seen = await posts.data(
        "query($id: ID!) { post(id: $id) { viewerBookmarked } }", {"id": first["id"]}, as_=READER
    )
    assert seen["post"]["viewerBookmarked"] is True
    anon = await posts.data(
        "query($id: ID!) { post(id: $id) { viewerBookmarked } }", {"id": first["id"]}
    )
    assert anon["post"]["viewerBookmarked"] is False

    assert (await posts.data(UNMARK, {"id": first["id"]}, as_=READER))["unbookmark"] == first["id"]
    await posts.data(UNMARK, {"id": first["id"]}, as_=READER)  # twice: no change
    assert await mine(posts, READER) == [second["id"]]

    # unpublished later: off the list while hidden
    await posts.set_state(second["id"], "BLOCKED", as_=MODERATOR)
    assert await mine(posts, READER) == []
    await posts.set_state(second["id"], "PUBLISHED", as_=MODERATOR)
    assert await mine(posts, READER) == [second["id"]]


async def test_bookmark_errors(posts: Posts) -> None:
    draft = await posts.create_post()
    assert await posts.code(MARK, {"id": draft["id"]}, as_=READER) == "NOT_FOUND"
    assert await posts.code(MARK, {"id": "nope"}, as_=READER) == "BAD_USER_INPUT"
    published = await posts.published()
    assert await posts.code(MARK, {"id": published["id"]}, as_=ANON) == "UNAUTHENTICATED"
    assert await posts.code(MINE, as_=ANON) == "UNAUTHENTICATED"
    assert await posts.code(MINE, {"after": "x"}, as_=READER) == "BAD_USER_INPUT"

"""The moderators' comment queue across posts: what awaits moderation, oldest first, paged,
with the post it belongs to; nobody else may read it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.posts.conftest import MODERATOR, OWNER, READER, WRITER, Actor, Posts, start_posts

QUEUE = """query($first: Int, $after: String, $state: ContentState) {
  commentQueue(first: $first, after: $after, state: $state) {
    nodes { id postId text state post { id topic slug } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture(scope="module")
async def posts() -> AsyncIterator[Posts]:
    async with start_posts(comment_premoderation="readers") as service:
        yield service


async def queue(posts: Posts, **variables: object) -> dict[str, Any]:
    data = await posts.data(QUEUE, variables, as_=MODERATOR)
    result: dict[str, Any] = data["commentQueue"]
    return result


async def test_the_queue_holds_awaiting_comments_of_every_post_oldest_first(posts: Posts) -> None:
    first, second = await posts.published(WRITER), await posts.published(WRITER)
    a = await posts.add_comment(first["id"], as_=READER, text="first")
    b = await posts.add_comment(second["id"], as_=READER, text="second")
    c = await posts.add_comment(first["id"], as_=READER, text="third")
    await posts.add_comment(first["id"], as_=WRITER, text="published at once")
    nodes = (await queue(posts, first=50))["nodes"]
    mine = [n for n in nodes if n["id"] in {a["id"], b["id"], c["id"]}]
    assert [n["text"] for n in mine] == ["first", "second", "third"]
    assert all(n["state"] == "NEW" for n in nodes)
    assert mine[1]["post"] == {"id": second["id"], "topic": second["topic"], "slug": second["slug"]}

    # moderated comments leave the queue; BLOCKED ones are listed on request
    await posts.set_comment_state(first["id"], a["id"], "PUBLISHED")
    await posts.set_comment_state(second["id"], b["id"], "BLOCKED")
    left = {n["id"] for n in (await queue(posts, first=50))["nodes"]}
    assert c["id"] in left
    assert a["id"] not in left
    assert b["id"] not in left
    blocked = (await queue(posts, first=50, state="BLOCKED"))["nodes"]
    assert [n["id"] for n in blocked] == [b["id"]]


async def test_the_queue_pages_with_cursors_and_skips_deleted_posts(posts: Posts) -> None:
    post = await posts.published(WRITER)
    ids = [(await posts.add_comment(post["id"], as_=READER))["id"] for _ in range(3)]
    seen: list[str] = []
    after = None
    while True:
        page = await queue(posts, first=2, after=after)
        seen += [n["id"] for n in page["nodes"]]
        info = page["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == sorted(seen, key=int)
    assert set(ids) <= set(seen)

    await posts.data("mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER)
    left = {n["id"] for n in (await queue(posts, first=50))["nodes"]}
    assert not left & set(ids)


@pytest.mark.parametrize("actor", [READER, WRITER], ids=lambda a: a.name)
async def test_only_moderators_read_the_queue(posts: Posts, actor: Actor) -> None:
    assert await posts.code(QUEUE, {}, as_=actor) == "FORBIDDEN"
    assert await posts.code(QUEUE, {}) == "UNAUTHENTICATED"


async def test_deleted_is_no_queue_and_a_bad_cursor_is_bad_input(posts: Posts) -> None:
    assert await posts.code(QUEUE, {"state": "DELETED"}, as_=OWNER) == "BAD_USER_INPUT"
    assert await posts.code(QUEUE, {"after": "nonsense"}, as_=OWNER) == "BAD_USER_INPUT"

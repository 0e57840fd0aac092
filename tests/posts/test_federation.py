"""Federation entry points: `_entities` for Post and User, batched into one query per step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.posts.conftest import OTHER, WRITER, Posts


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """SQL run by any engine in this process (the service runs in the test's event loop)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


async def test_post_entities_are_resolved_in_one_query(posts: Posts, statements: list[str]) -> None:
    made = [await posts.published(WRITER, topic=f"entity {i}") for i in range(5)]
    draft = await posts.create_post(WRITER)
    tag = await posts.create_tag("entity-tag")
    await posts.data(
        "mutation($id: ID!, $t: ID!) { updatePost(id: $id, input: {tagIds: [$t]}) { id } }",
        {"id": made[0]["id"], "t": tag["id"]},
        as_=WRITER,
    )
    representations = [{"__typename": "Post", "id": p["id"]} for p in made]
    representations += [
        {"__typename": "Post", "id": draft["id"]},
        {"__typename": "Post", "id": "01890a5d-ac96-774b-bcce-b302099a8057"},
        {"__typename": "Post", "id": "not-a-uuid"},
    ]
    statements.clear()
    data = await posts.data(
        """query($r: [_Any!]!) { _entities(representations: $r) {
            ... on Post { id topic tags { name } author { id } } } }""",
        {"r": representations},
        as_=OTHER,
    )
    entities = data["_entities"]
    assert [e["id"] for e in entities[:5]] == [p["id"] for p in made]
    assert entities[0]["tags"] == [{"name": "entity-tag"}]
    assert entities[0]["author"] == {"id": WRITER.id}
    assert entities[5:] == [None, None, None]  # a draft of someone else, unknown, malformed
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    from_posts = [s for s in selects if "FROM posts" in s]
    from_tags = [s for s in selects if "FROM post_tags" in s]
    assert len(from_posts) == 1, from_posts
    assert len(from_tags) == 1, from_tags


async def test_user_entities_carry_their_posts(posts: Posts) -> None:
    post = await posts.published(OTHER)
    data = await posts.data(
        """query($r: [_Any!]!) { _entities(representations: $r) {
            ... on User { id posts { nodes { id author { id } } } } } }""",
        {"r": [{"__typename": "User", "id": OTHER.id}]},
    )
    (user,) = data["_entities"]
    assert user["id"] == OTHER.id
    assert post["id"] in [n["id"] for n in user["posts"]["nodes"]]
    assert {n["author"]["id"] for n in user["posts"]["nodes"]} == {OTHER.id}

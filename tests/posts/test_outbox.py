"""Every change writes its event in the same transaction: topic, key, type and payload of each
outbox row; nothing for no-ops and failed mutations; the track id of the request."""

from __future__ import annotations

from typing import Any

from tests.posts.conftest import MODERATOR, OWNER, READER, WRITER, Posts

CARD_KEYS = {
    "post_id",
    "author_id",
    "topic",
    "slug",
    "preview_text",
    "state",
    "tag_ids",
    "tags",
    "created_at",
    "published_at",
    "updated_at",
}
COMMENT_KEYS = {"post_id", "comment_id", "author_id", "parent_id", "state", "created_at"}


async def new_rows(posts: Posts, since: int) -> list[dict[str, Any]]:
    return [r for r in await posts.outbox_rows() if r["seq"] > since]


async def last_seq(posts: Posts) -> int:
    rows = await posts.outbox_rows()
    return int(rows[-1]["seq"]) if rows else 0


async def test_post_life_cycle_events(posts: Posts) -> None:
    start = await last_seq(posts)
    a = await posts.create_tag("outbox-a")
    b = await posts.create_tag("outbox-b")
    post = await posts.create_post(WRITER, topic="Events", preview="pv", tag_ids=[a["id"]])
    pid = post["id"]
    update = "mutation($id: ID!, $i: UpdatePostInput!) { updatePost(id: $id, input: $i) { id } }"
    await posts.data(update, {"id": pid, "i": {"text": "changed"}}, as_=WRITER)
    await posts.data(update, {"id": pid, "i": {"tagIds": [a["id"], b["id"]]}}, as_=WRITER)
    await posts.set_state(pid, "PUBLISHED", as_=MODERATOR)
    await posts.data("mutation($id: ID!) { deletePost(id: $id) }", {"id": pid}, as_=MODERATOR)

    rows = await new_rows(posts, start)
    assert [(r["topic"], r["type"]) for r in rows] == [
        ("posts.tag.v1", "TagCreated"),
        ("posts.tag.v1", "TagCreated"),
        ("posts.post.v1", "PostCreated"),
        ("posts.post.v1", "PostUpdated"),
        ("posts.post.v1", "PostTagsChanged"),
        ("posts.post.v1", "PostStateChanged"),
        ("posts.post.v1", "PostDeleted"),
    ]
    assert rows[0]["key"] == a["id"]
    assert rows[0]["payload"] == {"tag_id": int(a["id"]), "name": "outbox-a"}
    post_rows = rows[2:]
    assert {r["key"] for r in post_rows} == {pid}
    for r in post_rows:
        assert set(r["payload"]) >= CARD_KEYS
        assert r["payload"]["post_id"] == pid
        assert r["payload"]["author_id"] == WRITER.id
        assert r["published_at"] is None  # not yet relayed
    created, updated, retagged, published, deleted = (r["payload"] for r in post_rows)
    assert created["state"] == "NEW"
    assert created["tags"] == [{"id": int(a["id"]), "name": "outbox-a"}]
    assert created["tag_ids"] == [int(a["id"])]
    assert created["topic"] == "Events"
    assert created["preview_text"] == "pv"
    assert created["slug"] == post["slug"]
    assert "text" not in created  # cards carry no full text
    assert updated["updated_at"] > created["updated_at"]
    assert retagged["tag_ids"] == [int(a["id"]), int(b["id"])]
    assert retagged["previous_tag_ids"] == [int(a["id"])]
    assert published["state"] == "PUBLISHED"
    assert published["previous_state"] == "NEW"
    assert published["published_at"] is not None
    assert deleted["state"] == "DELETED"
    assert deleted["previous_state"] == "PUBLISHED"
    assert deleted["tag_ids"] == [int(a["id"]), int(b["id"])]


async def test_comment_events_are_keyed_by_post(posts: Posts) -> None:
    post = await posts.published(WRITER)
    pid = post["id"]
    start = await last_seq(posts)
    root = await posts.add_comment(pid, as_=WRITER)
    reply = await posts.add_comment(pid, as_=READER, text="draft", parent_id=root["id"])
    await posts.data(
        'mutation($p: ID!, $c: ID!) { editComment(postId: $p, id: $c, text: "better") { id } }',
        {"p": pid, "c": reply["id"]},
        as_=READER,
    )
    await posts.set_comment_state(pid, reply["id"], "PUBLISHED")
    await posts.data(
        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }",
        {"p": pid, "c": reply["id"]},
        as_=READER,
    )
    rows = await new_rows(posts, start)
    assert [r["type"] for r in rows] == [
        "CommentAdded",
        "CommentAdded",
        "CommentEdited",
        "CommentStateChanged",
        "CommentDeleted",
    ]
    assert {(r["topic"], r["key"]) for r in rows} == {("posts.comment.v1", pid)}
    for r in rows:
        assert set(r["payload"]) >= COMMENT_KEYS
        assert r["payload"]["post_id"] == pid
    added_root, added_reply, edited, state_changed, deleted = (r["payload"] for r in rows)
    assert added_root["comment_id"] == int(root["id"])
    assert added_root["parent_id"] is None
    assert added_root["state"] == "PUBLISHED"
    assert added_reply["parent_id"] == int(root["id"])
    assert added_reply["author_id"] == READER.id
    assert added_reply["state"] == "NEW"
    assert edited["comment_id"] == int(reply["id"])
    assert state_changed["state"] == "PUBLISHED"
    assert state_changed["previous_state"] == "NEW"
    assert deleted["state"] == "DELETED"
    assert deleted["previous_state"] == "PUBLISHED"


async def test_tag_rename_event(posts: Posts) -> None:
    tag = await posts.create_tag("before-rename")
    start = await last_seq(posts)
    await posts.data(
        'mutation($id: ID!) { renameTag(id: $id, name: "after-rename") { id } }',
        {"id": tag["id"]},
        as_=OWNER,
    )
    (row,) = await new_rows(posts, start)
    assert (row["topic"], row["key"], row["type"]) == ("posts.tag.v1", tag["id"], "TagRenamed")
    assert row["payload"] == {
        "tag_id": int(tag["id"]),
        "name": "after-rename",
        "previous_name": "before-rename",
    }


async def test_no_event_without_a_change(posts: Posts) -> None:
    post = await posts.published(WRITER, topic="Same")
    comment = await posts.add_comment(post["id"], as_=WRITER)
    start = await last_seq(posts)
    update = "mutation($id: ID!, $i: UpdatePostInput!) { updatePost(id: $id, input: $i) { id } }"
    await posts.data(update, {"id": post["id"], "i": {"topic": "Same", "tagIds": []}}, as_=WRITER)
    await posts.set_state(post["id"], "PUBLISHED", as_=WRITER)
    await posts.set_comment_state(post["id"], comment["id"], "PUBLISHED")
    # failed mutations roll back whatever they wrote
    bad = {"id": post["id"], "i": {"topic": "Changed", "tagIds": ["999999"]}}
    assert await posts.code(update, bad, as_=WRITER) == "BAD_USER_INPUT"
    forbidden = await posts.code(update, {"id": post["id"], "i": {"text": "x"}}, as_=READER)
    assert forbidden == "FORBIDDEN"
    dup = 'mutation { createTag(name: "dup-tag") { id } }'
    await posts.data(dup, as_=OWNER)
    after_tag = await last_seq(posts)
    assert await posts.code(dup, as_=OWNER) == "CONFLICT"
    assert await new_rows(posts, after_tag) == []
    rows = await new_rows(posts, start)
    assert [r["type"] for r in rows] == ["TagCreated"]
    current = (await posts.get_post(post["id"], as_=WRITER))["data"]["post"]
    assert current["topic"] == "Same"


async def test_events_carry_the_request_track_id(posts: Posts) -> None:
    start = await last_seq(posts)
    response = await posts.http.post(
        posts.service.graphql_url,
        json={"query": 'mutation { createPost(input: {topic: "t", text: "x"}) { id } }'},
        headers={**WRITER.headers, "X-Track-Id": "track-posts-0001"},
    )
    assert response.headers["x-track-id"] == "track-posts-0001"
    (row,) = await new_rows(posts, start)
    assert row["track_id"] == "track-posts-0001"
    assert row["type"] == "PostCreated"

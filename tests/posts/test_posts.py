"""Posts and tags: creation, editing, slugs, tag replace semantics, the publishing workflow,
soft deletion, and bad input of every kind."""

from __future__ import annotations

import re

import pytest

from subgraphs.posts.schema import schema
from tests.posts.conftest import (
    MODERATOR,
    OWNER,
    POST_FIELDS,
    READER,
    WRITER,
    Posts,
)

UPDATE = (
    "mutation($id: ID!, $i: UpdatePostInput!) "
    f"{{ updatePost(id: $id, input: $i) {{ {POST_FIELDS} }} }}"
)
CREATE = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }"
UNKNOWN = "01890a5d-ac96-774b-bcce-b302099a8057"


def test_the_subgraph_schema_owns_post_and_extends_user() -> None:
    sdl = schema.as_str()
    assert 'type Post @key(fields: "id")' in sdl
    assert 'type User @key(fields: "id")' in sdl
    assert "federation/v2.9" in sdl


async def test_create_takes_the_author_from_the_token(posts: Posts) -> None:
    post = await posts.create_post(WRITER, topic="Hello, World: part 1!", text="# Title")
    assert post["author"]["id"] == WRITER.id
    assert post["state"] == "NEW"
    assert post["publishedAt"] is None
    assert post["createdAt"] == post["updatedAt"]
    assert re.fullmatch(r"hello-world-part-1-[0-9a-f]{12}", post["slug"])
    assert post["slug"].endswith(post["id"].replace("-", "")[-12:])
    # the input has no author field at all
    body = await posts.call(
        CREATE, {"i": {"topic": "t", "text": "x", "authorId": OWNER.id}}, as_=WRITER
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body.get("data") is None


async def test_slugs_follow_the_topic_and_resolve(posts: Posts) -> None:
    post = await posts.create_post(WRITER, topic="Привет, мир", state="PUBLISHED")
    assert post["slug"].startswith("привет-мир-")
    symbols = await posts.create_post(WRITER, topic="!!!")
    assert symbols["slug"].startswith("post-")
    query = "query($s: String!) { postBySlug(slug: $s) { id slug } }"
    assert (await posts.data(query, {"s": post["slug"]}))["postBySlug"]["id"] == post["id"]
    renamed = await posts.data(UPDATE, {"id": post["id"], "i": {"topic": "New name"}}, as_=WRITER)
    new_slug = renamed["updatePost"]["slug"]
    assert new_slug.startswith("new-name-")
    assert new_slug.endswith(post["slug"][-12:])
    assert (await posts.data(query, {"s": new_slug}))["postBySlug"]["id"] == post["id"]
    assert await posts.code(query, {"s": post["slug"]}) == "NOT_FOUND"


async def test_update_changes_only_what_is_given(posts: Posts) -> None:
    post = await posts.create_post(WRITER, topic="T", text="body", preview="pre")
    data = await posts.data(UPDATE, {"id": post["id"], "i": {"text": "new body"}}, as_=WRITER)
    updated = data["updatePost"]
    assert (updated["topic"], updated["text"], updated["previewText"]) == ("T", "new body", "pre")
    assert updated["updatedAt"] > post["updatedAt"]
    same = await posts.data(UPDATE, {"id": post["id"], "i": {"text": "new body"}}, as_=WRITER)
    assert same["updatePost"]["updatedAt"] == updated["updatedAt"]


async def test_tag_ids_replace_the_whole_set(posts: Posts) -> None:
    a, b, c = [await posts.create_tag(f"replace-{n}") for n in "abc"]
    post = await posts.create_post(WRITER, tag_ids=[a["id"], b["id"], a["id"]])
    assert {t["id"] for t in post["tags"]} == {a["id"], b["id"]}

    async def tags_after(tag_ids: list[str] | None) -> set[str]:
        data = await posts.data(
            UPDATE, {"id": post["id"], "i": {"tagIds": tag_ids, "topic": "T2"}}, as_=WRITER
        )
        return {t["id"] for t in data["updatePost"]["tags"]}

    assert await tags_after([b["id"], c["id"]]) == {b["id"], c["id"]}
    assert await tags_after(None) == {b["id"], c["id"]}  # left out: unchanged
    assert await tags_after([]) == set()
    assert await tags_after([c["id"]]) == {c["id"]}
    error = await posts.error(UPDATE, {"id": post["id"], "i": {"tagIds": ["99999"]}}, as_=WRITER)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "tagIds"
    error = await posts.error(UPDATE, {"id": post["id"], "i": {"tagIds": ["x"]}}, as_=WRITER)
    assert error["extensions"]["field"] == "tagIds"
    too_many = [str(i) for i in range(1, 22)]
    error = await posts.error(UPDATE, {"id": post["id"], "i": {"tagIds": too_many}}, as_=WRITER)
    assert error["extensions"]["field"] == "tagIds"
    # the failed updates changed nothing
    assert {
        t["id"] for t in (await posts.get_post(post["id"], as_=WRITER))["data"]["post"]["tags"]
    } == {c["id"]}


async def test_posts_filtered_by_tag(posts: Posts) -> None:
    tag = await posts.create_tag("filter-tag")
    tagged = await posts.published(WRITER, tag_ids=[tag["id"]])
    await posts.published(WRITER)
    draft = await posts.create_post(WRITER, tag_ids=[tag["id"]])
    query = "query($t: ID) { posts(tagId: $t) { nodes { id tags { name } } } }"
    data = await posts.data(query, {"t": tag["id"]})
    assert [n["id"] for n in data["posts"]["nodes"]] == [tagged["id"]]
    assert data["posts"]["nodes"][0]["tags"] == [{"name": "filter-tag"}]
    moderated = await posts.data(
        "query($t: ID) { posts(tagId: $t, state: NEW) { nodes { id } } }",
        {"t": tag["id"]},
        as_=MODERATOR,
    )
    assert [n["id"] for n in moderated["posts"]["nodes"]] == [draft["id"]]
    assert (await posts.data(query, {"t": "987654"}))["posts"]["nodes"] == []
    assert await posts.code(query, {"t": "nope"}) == "BAD_USER_INPUT"


async def test_published_at_is_set_when_first_published(posts: Posts) -> None:
    post = await posts.create_post(WRITER)
    first = await posts.set_state(post["id"], "PUBLISHED", as_=MODERATOR)
    assert first["publishedAt"] is not None
    await posts.set_state(post["id"], "NEW", as_=WRITER)
    again = await posts.set_state(post["id"], "PUBLISHED", as_=MODERATOR)
    assert again["publishedAt"] == first["publishedAt"]


async def test_delete_is_soft_and_final(posts: Posts) -> None:
    post = await posts.published(WRITER)
    deleted = await posts.data(
        "mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER
    )
    assert deleted == {"deletePost": post["id"]}
    for actor in (WRITER, MODERATOR, OWNER, READER):
        body = await posts.get_post(post["id"], as_=actor)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    for mutation in (
        "mutation($id: ID!) { deletePost(id: $id) }",
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        'mutation($id: ID!) { updatePost(id: $id, input: {text: "x"}) { id } }',
    ):
        assert await posts.code(mutation, {"id": post["id"]}, as_=MODERATOR) == "NOT_FOUND"
    # deleting through setPostState is refused (deletePost is the way)
    other = await posts.published(WRITER)
    code = await posts.code(
        "mutation($id: ID!) { setPostState(id: $id, state: DELETED) { id } }",
        {"id": other["id"]},
        as_=MODERATOR,
    )
    assert code == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("topic", "t" * 513),
        ("topic", ""),
        ("topic", "   "),
        ("previewText", "p" * 2001),
        ("text", "x" * 100_001),
        ("text", ""),
    ],
    ids=["topic-long", "topic-empty", "topic-blank", "preview-long", "text-long", "text-empty"],
)
async def test_limits_on_create_and_update(posts: Posts, field: str, value: str) -> None:
    base = {"topic": "ok", "text": "ok", "previewText": "ok"}
    error = await posts.error(CREATE, {"i": {**base, field: value}}, as_=WRITER)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    post = await posts.create_post(WRITER)
    error = await posts.error(UPDATE, {"id": post["id"], "i": {field: value}}, as_=WRITER)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field


async def test_limits_are_inclusive(posts: Posts) -> None:
    post = await posts.create_post(WRITER, topic="t" * 512, text="x" * 100_000, preview="p" * 2000)
    assert len(post["text"]) == 100_000
    assert len(post["topic"]) == 512


@pytest.mark.parametrize(
    "query",
    [
        "query($id: ID!) { post(id: $id) { id } }",
        'mutation($id: ID!) { updatePost(id: $id, input: {text: "x"}) { id } }',
        "mutation($id: ID!) { setPostState(id: $id, state: NEW) { id } }",
        "mutation($id: ID!) { deletePost(id: $id) }",
        'mutation($id: ID!) { addComment(postId: $id, text: "x") { id } }',
        "query($id: ID!) { posts(authorId: $id) { nodes { id } } }",
    ],
    ids=["post", "updatePost", "setPostState", "deletePost", "addComment", "posts-authorId"],
)
async def test_ids_must_be_uuids_and_exist(posts: Posts, query: str) -> None:
    for bad in ("42", "not-a-uuid", ""):
        error = await posts.error(query, {"id": bad}, as_=OWNER)
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    if "posts(" in query:
        assert (await posts.data(query, {"id": UNKNOWN}, as_=OWNER))["posts"]["nodes"] == []
    else:
        assert await posts.code(query, {"id": UNKNOWN}, as_=OWNER) == "NOT_FOUND"


async def test_bad_state_names_are_rejected(posts: Posts) -> None:
    post = await posts.create_post(WRITER)
    literal = await posts.error(
        "mutation($id: ID!) { setPostState(id: $id, state: LIVE) { id } }",
        {"id": post["id"]},
        as_=WRITER,
    )
    assert literal["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    variable = await posts.error(
        "mutation($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }",
        {"id": post["id"], "s": "published"},
        as_=WRITER,
    )
    assert variable["extensions"]["code"] == "BAD_USER_INPUT"
    listing = await posts.error("{ posts(state: ARCHIVED) { nodes { id } } }")
    assert listing["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_invalid_tokens_fail_the_whole_request(posts: Posts) -> None:
    response = await posts.http.post(
        posts.service.graphql_url,
        json={"query": "{ tags { nodes { id } } }"},
        headers={"Authorization": "Bearer garbage"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# ---------------------------------------------------------------------------- tags


async def test_tags_are_unique_case_insensitively(posts: Posts) -> None:
    tag = await posts.create_tag("  Unique   Name ")
    assert tag["name"] == "Unique Name"
    mutation = "mutation($n: String!) { createTag(name: $n) { id } }"
    error = await posts.error(mutation, {"n": "unique name"}, as_=OWNER)
    assert error["extensions"] == {"code": "CONFLICT", "field": "name"}
    other = await posts.create_tag("Other Name")
    rename = "mutation($id: ID!, $n: String!) { renameTag(id: $id, name: $n) { id name } }"
    error = await posts.error(rename, {"id": other["id"], "n": "UNIQUE NAME"}, as_=OWNER)
    assert error["extensions"]["code"] == "CONFLICT"
    recased = await posts.data(rename, {"id": tag["id"], "n": "unique NAME"}, as_=OWNER)
    assert recased["renameTag"] == {"id": tag["id"], "name": "unique NAME"}
    found = await posts.data("query($id: ID!) { tag(id: $id) { name } }", {"id": tag["id"]})
    assert found["tag"]["name"] == "unique NAME"


async def test_tag_names_and_ids_are_checked(posts: Posts) -> None:
    mutation = "mutation($n: String!) { createTag(name: $n) { id } }"
    for name in ("", "   ", "n" * 65):
        error = await posts.error(mutation, {"n": name}, as_=OWNER)
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert error["extensions"]["field"] == "name"
    assert (await posts.create_tag("n" * 64))["name"] == "n" * 64
    query = "query($id: ID!) { tag(id: $id) { id } }"
    assert await posts.code(query, {"id": "77777"}) == "NOT_FOUND"
    assert await posts.code(query, {"id": "tag"}) == "BAD_USER_INPUT"
    rename = 'mutation($id: ID!) { renameTag(id: $id, name: "x") { id } }'
    assert await posts.code(rename, {"id": "77777"}, as_=OWNER) == "NOT_FOUND"

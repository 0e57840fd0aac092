"""Per-entity fields are batched: a page of posts with their tags, comments and authors, and
`User.posts` of many users, cost one SQL statement per field (and per set of arguments), not one
per parent, and give what the rules say for every viewer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.posts.conftest import (
    ANON,
    MODERATOR,
    OTHER,
    OWNER,
    READER,
    WRITER,
    Actor,
    Posts,
    start_posts,
)
from tests.support.sql import SqlStatements, sql_statements

POSTS = 22  # more than a page of 20
PAGE = """query($first: Int!, $after: String, $cf: Int, $ca: String) {
  posts(first: $first, after: $after) {
    edges { node {
      id topic author { id } tags { id name }
      comments(first: $cf, after: $ca) {
        edges { cursor node { id state author { id } } } pageInfo { hasNextPage endCursor }
      }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""
USER_POSTS = """query($r: [_Any!]!, $first: Int, $after: String, $state: ContentState) {
  _entities(representations: $r) { ... on User {
    id posts(first: $first, after: $after, state: $state) {
      edges { cursor node { id state } } pageInfo { hasNextPage endCursor }
    }
  } }
}"""
BY_AUTHOR = """query($a: ID, $first: Int, $after: String, $state: ContentState) {
  posts(authorId: $a, first: $first, after: $after, state: $state) {
    edges { cursor node { id state } } pageInfo { hasNextPage endCursor }
  }
}"""


@dataclass
class SeededComment:
    id: int
    author: Actor
    state: str


@dataclass
class Blog:
    posts: Posts
    tag_names: dict[str, str]
    #: post id -> its tag names, comments in creation (id) order
    tags: dict[str, list[str]] = field(default_factory=dict)
    comments: dict[str, list[SeededComment]] = field(default_factory=dict)


def visible(comment: SeededComment, viewer: Actor) -> bool:
    """The comment rules of the README, written out independently of the service."""
    if comment.state == "PUBLISHED":
        return True
    if viewer.role is None:
        return False
    if viewer in (MODERATOR, OWNER):
        return True
    return comment.state in ("NEW", "ON_MODERATION") and comment.author == viewer


def expected_comments(
    blog: Blog, post_id: str, viewer: Actor, first: int, after: int | None = None
) -> tuple[list[int], bool]:
    shown = [
        c.id
        for c in blog.comments[post_id]
        if visible(c, viewer) and (after is None or c.id > after)
    ]
    return shown[:first], len(shown) > first


@pytest.fixture(scope="module")
async def blog() -> AsyncIterator[Blog]:
    """22 published posts (0 to 3 tags, 0 to 8 comments of every state by several authors), a
    draft and a blocked post of WRITER, and a deleted one."""
    async with start_posts() as posts:
        tags = {(await posts.create_tag(n))["id"]: n for n in ("zeta", "Alpha", "mid")}
        seeded = Blog(posts=posts, tag_names=tags)
        tag_ids = list(tags)
        commenters = [WRITER, READER, OTHER, MODERATOR]
        for i in range(POSTS):
            author = WRITER if i % 2 else OTHER
            post = await posts.published(author, topic=f"post {i}", tag_ids=tag_ids[: i % 4])
            seeded.tags[post["id"]] = sorted((tags[t] for t in tag_ids[: i % 4]), key=str.lower)
            comments: list[SeededComment] = []
            for j in range(i % 9):
                who = commenters[(i + j) % len(commenters)]
                made = await posts.add_comment(post["id"], as_=who, text=f"c{i}.{j}")
                comments.append(SeededComment(int(made["id"]), who, made["state"]))
            for j, comment in enumerate(comments):
                if j % 5 == 3:
                    await posts.set_comment_state(post["id"], str(comment.id), "BLOCKED")
                    comment.state = "BLOCKED"
                elif j % 7 == 6:
                    await posts.data(
                        "mutation($p: ID!, $c: ID!) { deleteComment(postId: $p, id: $c) }",
                        {"p": post["id"], "c": str(comment.id)},
                        as_=MODERATOR,
                    )
                    comment.state = "DELETED"
            seeded.comments[post["id"]] = comments
        await posts.create_post(WRITER, topic="draft")
        blocked = await posts.create_post(WRITER, topic="to block", state="PUBLISHED")
        await posts.set_state(blocked["id"], "BLOCKED", as_=MODERATOR)
        deleted = await posts.published(OTHER, topic="deleted")
        await posts.data(
            "mutation($id: ID!) { deletePost(id: $id) }", {"id": deleted["id"]}, as_=OTHER
        )
        yield seeded


@pytest.fixture
def sql(blog: Blog) -> Iterator[SqlStatements]:
    with sql_statements(blog.posts.database_url) as statements:
        yield statements


def check_page(
    blog: Blog, page: dict[str, Any], viewer: Actor, first: int, after: int | None
) -> None:
    for edge in page["edges"]:
        post = edge["node"]
        assert [t["name"] for t in post["tags"]] == blog.tags.get(post["id"], [])
        if post["id"] not in blog.comments:
            continue
        ids, more = expected_comments(blog, post["id"], viewer, first, after)
        comments = post["comments"]
        assert [int(e["node"]["id"]) for e in comments["edges"]] == ids, post["topic"]
        assert comments["pageInfo"]["hasNextPage"] is more
        assert comments["pageInfo"]["endCursor"] == (
            comments["edges"][-1]["cursor"] if ids else None
        )
        by_id = {c.id: c for c in blog.comments[post["id"]]}
        for e in comments["edges"]:
            seeded = by_id[int(e["node"]["id"])]
            assert e["node"]["state"] == seeded.state
            assert e["node"]["author"] == {"id": seeded.author.id}


@pytest.mark.parametrize("viewer", [ANON, READER, WRITER, MODERATOR], ids=lambda a: a.name)
async def test_a_page_of_posts_is_one_query_per_field(
    blog: Blog, sql: SqlStatements, viewer: Actor
) -> None:
    sql.clear()
    data = await blog.posts.data(PAGE, {"first": 20, "cf": 5}, as_=viewer)
    page = data["posts"]
    assert len(page["edges"]) == 20
    assert page["pageInfo"]["hasNextPage"] is True
    check_page(blog, page, viewer, 5, None)
    assert sum(1 for e in page["edges"] for _ in e["node"]["comments"]["edges"]) > 20
    # posts, post_tags (+ tags), comments: the 20 posts' fields are one statement each
    assert sql.selects_from("posts") == 1, sql.selects
    assert sql.selects_from("post_tags") == 1, sql.selects
    assert sql.selects_from("comments") == 1, sql.selects
    assert len(sql.selects) == 3, sql.selects


async def test_the_next_page_and_a_comment_cursor_keep_their_meaning(
    blog: Blog, sql: SqlStatements
) -> None:
    first = await blog.posts.data(PAGE, {"first": 20, "cf": 2}, as_=READER)
    cursor = first["posts"]["pageInfo"]["endCursor"]
    # a comment's cursor is its id, so one `after` pages the comments of every post
    edges = [e for p in first["posts"]["edges"] for e in p["node"]["comments"]["edges"]]
    middle = sorted(edges, key=lambda e: int(e["node"]["id"]))[len(edges) // 2]
    sql.clear()
    rest = await blog.posts.data(
        PAGE, {"first": 20, "after": cursor, "cf": 2, "ca": middle["cursor"]}, as_=READER
    )
    assert len(rest["posts"]["edges"]) == 2
    assert rest["posts"]["pageInfo"]["hasNextPage"] is False
    check_page(blog, rest["posts"], READER, 2, int(middle["node"]["id"]))
    assert len(sql.selects) == 3, sql.selects
    again = await blog.posts.data(PAGE, {"first": 20, "cf": 3, "ca": middle["cursor"]})
    check_page(blog, again["posts"], ANON, 3, int(middle["node"]["id"]))


async def test_different_arguments_are_one_query_each(blog: Blog, sql: SqlStatements) -> None:
    query = """{ posts(first: 20) { nodes { id
        few: comments(first: 1) { nodes { id } }
        more: comments(first: 4) { nodes { id } }
        again: comments(first: 1) { nodes { id } } } } }"""
    sql.clear()
    data = await blog.posts.data(query, as_=WRITER)
    for post in data["posts"]["nodes"]:
        if post["id"] not in blog.comments:
            continue
        for alias, first in (("few", 1), ("more", 4), ("again", 1)):
            ids, _ = expected_comments(blog, post["id"], WRITER, first)
            assert [int(n["id"]) for n in post[alias]["nodes"]] == ids
    assert sql.selects_from("comments") == 2, sql.selects


@pytest.mark.parametrize(
    ("variables", "argument"),
    [({"cf": 2, "ca": "not a cursor"}, "after"), ({"cf": 0}, "first")],
    ids=["after", "first"],
)
async def test_bad_comment_arguments_fail_the_page_as_before(
    blog: Blog, variables: dict[str, Any], argument: str
) -> None:
    """Every post's non-null `comments` fails; the first error nulls the page (as it did when
    each post read its own comments)."""
    body = await blog.posts.call(PAGE, {"first": 3, **variables})
    assert body["data"] is None
    assert [(e["path"], e["extensions"]) for e in body["errors"]] == [
        (
            ["posts", "edges", 0, "node", "comments"],
            {"code": "BAD_USER_INPUT", "argument": argument},
        )
    ]


USERS = [WRITER, OTHER, READER, MODERATOR]


def representations(*ids: str) -> dict[str, Any]:
    return {"r": [{"__typename": "User", "id": i} for i in ids]}


@pytest.mark.parametrize("viewer", [ANON, READER, WRITER, MODERATOR], ids=lambda a: a.name)
@pytest.mark.parametrize("first", [None, 3])
async def test_user_posts_of_many_users_is_one_query_and_matches_posts_by_author(
    blog: Blog, sql: SqlStatements, viewer: Actor, first: int | None
) -> None:
    sql.clear()
    data = await blog.posts.data(
        USER_POSTS, {**representations(*(u.id for u in USERS)), "first": first}, as_=viewer
    )
    assert sql.selects_from("posts") == 1, sql.selects
    assert len(sql.selects) == 1, sql.selects
    for user, entity in zip(USERS, data["_entities"], strict=True):
        alone = await blog.posts.data(BY_AUTHOR, {"a": user.id, "first": first}, as_=viewer)
        assert entity == {"id": user.id, "posts": alone["posts"]}
    writer = data["_entities"][0]["posts"]
    states = {e["node"]["state"] for e in writer["edges"]}
    if viewer in (WRITER, MODERATOR):  # the author's draft and blocked post are the newest
        assert {"NEW", "BLOCKED"} <= states
    else:
        assert states == {"PUBLISHED"}


async def test_user_posts_pages_on_with_a_cursor(blog: Blog, sql: SqlStatements) -> None:
    first = await blog.posts.data(
        USER_POSTS, {**representations(WRITER.id, OTHER.id), "first": 4}, as_=WRITER
    )
    # OTHER's cursor applied to both lists: each continues after that position
    after = first["_entities"][1]["posts"]["pageInfo"]["endCursor"]
    sql.clear()
    data = await blog.posts.data(
        USER_POSTS,
        {**representations(WRITER.id, OTHER.id), "first": 4, "after": after},
        as_=WRITER,
    )
    assert len(sql.selects) == 1, sql.selects
    for user, entity in zip((WRITER, OTHER), data["_entities"], strict=True):
        alone = await blog.posts.data(
            BY_AUTHOR, {"a": user.id, "first": 4, "after": after}, as_=WRITER
        )
        assert entity["posts"] == alone["posts"]
        assert entity["posts"]["edges"]


async def test_user_posts_refuses_per_user(blog: Blog, sql: SqlStatements) -> None:
    """A state only the author lists: the viewer's own list answers, another's is FORBIDDEN,
    an id that is not a UUID is BAD_USER_INPUT, each at its own path; one query for the rest."""
    sql.clear()
    body = await blog.posts.call(
        USER_POSTS,
        {**representations(WRITER.id, OTHER.id, "not-a-uuid"), "state": "NEW"},
        as_=WRITER,
    )
    assert len(sql.selects) == 1, sql.selects
    entities = body["data"]["_entities"]
    assert entities[0]["id"] == WRITER.id
    assert {e["node"]["state"] for e in entities[0]["posts"]["edges"]} == {"NEW"}
    assert entities[1:] == [None, None]
    errors = {tuple(e["path"]): e["extensions"] for e in body["errors"]}
    assert errors == {
        ("_entities", 1, "posts"): {"code": "FORBIDDEN"},
        ("_entities", 2, "posts"): {"code": "BAD_USER_INPUT", "field": "authorId"},
    }


async def test_user_posts_never_lists_deleted(blog: Blog) -> None:
    body = await blog.posts.call(
        USER_POSTS, {**representations(WRITER.id, OTHER.id), "state": "DELETED"}, as_=MODERATOR
    )
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "BAD_USER_INPUT", "field": "state"}
    ] * 2


async def test_a_mutation_reads_tags_and_comments_afresh_at_each_step(blog: Blog) -> None:
    """Loaders batch within a step but keep nothing for later steps of a mutation."""
    posts = blog.posts
    post = await posts.published(WRITER, topic="steps")
    alpha, zeta = sorted(blog.tag_names, key=lambda t: blog.tag_names[t].lower())[::2]
    data = await posts.data(
        """mutation($id: ID!, $a: ID!, $z: ID!) {
          one: updatePost(id: $id, input: {tagIds: [$a]}) {
            tags { name } comments { nodes { id } } }
          said: addComment(postId: $id, text: "between") { id }
          two: updatePost(id: $id, input: {tagIds: [$z]}) {
            tags { name } comments { nodes { id } } }
        }""",
        {"id": post["id"], "a": alpha, "z": zeta},
        as_=WRITER,
    )
    assert data["one"]["tags"] == [{"name": blog.tag_names[alpha]}]
    assert data["two"]["tags"] == [{"name": blog.tag_names[zeta]}]
    assert data["one"]["comments"]["nodes"] == []
    assert data["two"]["comments"]["nodes"] == [{"id": data["said"]["id"]}]
    await posts.data("mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER)

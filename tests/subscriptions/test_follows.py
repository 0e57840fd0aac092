"""Follow rules (idempotent; unknown, deleted or blocked targets NOT_FOUND; oneself
BAD_USER_INPUT), myFollows pages, authors following their own threads, blocked accounts losing
their follows, and the federation fields batched: a feed page of 20 cards is one query."""

from __future__ import annotations

import uuid

from common.auth import Role
from common.contracts import auth, posts
from tests.subscriptions.support import Subscriptions, card
from tests.support.polling import eventually
from tests.support.sql import sql_statements

FOLLOW = "mutation($k: FollowKind!, $id: ID!) { follow(target: $k, id: $id) { kind targetId } }"
ENTITIES = """query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Post { id viewerFollows }
  ... on User { id viewerFollows followersCount followingCount }
  ... on Tag { id viewerFollows }
} }"""


def code(body: dict[str, object]) -> str:
    return body["errors"][0]["extensions"]["code"]  # type: ignore[index, no-any-return]


async def test_follow_rules(subs: Subscriptions) -> None:
    reader, writer = await subs.user(), await subs.user(Role.WRITER)
    for user in (reader, writer):
        await subs.wait_known_user(user)
    assert code(await subs.gql(FOLLOW, {"k": "AUTHOR", "id": str(reader)}, as_=reader)) == (
        "BAD_USER_INPUT"
    )
    for kind, target in (
        ("AUTHOR", str(uuid.uuid4())),
        ("TAG", "999999"),
        ("POST", str(uuid.uuid4())),
        ("TAG", "x"),
    ):
        assert code(await subs.gql(FOLLOW, {"k": kind, "id": target}, as_=reader)) == "NOT_FOUND"
    assert code(await subs.gql(FOLLOW, {"k": "AUTHOR", "id": str(writer)})) == "UNAUTHENTICATED"
    await subs.follow(reader, "AUTHOR", str(writer))
    await subs.follow(reader, "AUTHOR", str(writer))  # idempotent
    mine = await subs.data(
        "{ myFollows(kind: AUTHOR) { nodes { targetId user { id } } } }", as_=reader
    )
    assert mine["myFollows"]["nodes"] == [{"targetId": str(writer), "user": {"id": str(writer)}}]

    # the author follows the thread of their post; a blocked author's follows go
    post = card(writer, state=posts.State.NEW, previous=None)
    await subs.publish(posts.POST, posts.PostEvent.CREATED, str(post.post_id), post)
    await eventually(
        lambda: subs.known("SELECT count(*) FROM follows WHERE follower_id = :w", w=writer),
        what="the author following their thread",
    )
    await subs.publish(
        auth.USER,
        auth.UserEvent.STATE_CHANGED,
        str(writer),
        auth.UserChanged(user_id=writer, state="BLOCKED"),
    )
    await subs.wait_known_user(writer, "BLOCKED")
    assert (
        await subs.known(
            "SELECT count(*) FROM follows WHERE follower_id = :w OR target_id = :t",
            w=writer,
            t=str(writer),
        )
        == 0
    )
    assert (
        code(await subs.gql(FOLLOW, {"k": "AUTHOR", "id": str(writer)}, as_=reader)) == "NOT_FOUND"
    )


async def test_a_page_of_twenty_cards_is_one_query(subs: Subscriptions) -> None:
    reader = await subs.user()
    authors = [await subs.user(Role.WRITER) for _ in range(3)]
    for user in (reader, *authors):
        await subs.wait_known_user(user)
    cards = [card(authors[i % 3]) for i in range(20)]
    events = [
        await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, str(c.post_id), c)
        for c in cards
    ]
    for event in events:  # their fan-outs read follows too: done before the count starts
        await subs.wait_done(event)
    await eventually(
        lambda: subs.known("SELECT count(*) = 20 FROM posts WHERE author_id = ANY(:a)", a=authors),
        what="the posts known",
    )
    await subs.follow(reader, "POST", str(cards[0].post_id))
    await subs.follow(reader, "AUTHOR", str(authors[1]))
    posts_page = [{"__typename": "Post", "id": str(c.post_id)} for c in cards]
    users_page = [{"__typename": "User", "id": str(a)} for a in authors]
    with sql_statements(str(subs.db.engine.url.render_as_string(hide_password=False))) as sql:
        body = await subs.data(ENTITIES, {"r": posts_page}, as_=reader)
        assert sql.selects_from("follows") == 1, sql.selects
        sql.clear()
        users = await subs.data(ENTITIES, {"r": users_page}, as_=reader)
        assert sql.selects_from("follows") == 2, sql.selects  # viewerFollows + both counts
    assert [e["viewerFollows"] for e in body["_entities"]] == [True] + [False] * 19
    assert [(u["viewerFollows"], u["followersCount"]) for u in users["_entities"]] == [
        (False, 0),
        (True, 1),
        (False, 0),
    ]
    anonymous = await subs.data(ENTITIES, {"r": posts_page[:2]})
    assert [e["viewerFollows"] for e in anonymous["_entities"]] == [False, False]

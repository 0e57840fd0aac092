"""The feed built from real events: posts and profiles publish through their outboxes and
relays to a tansu broker; the feed's consumer writes Redis; reads go through its GraphQL."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import pytest

from common.auth import Role
from subgraphs.feed import models
from subgraphs.feed.upstream import rebuild_from_services
from tests.feed.conftest import OWNER_ID, GraphQLError, Stack, bearer, wipe
from tests.support.polling import eventually

MAX_PAGES = 50  # a cursor that never ends fails the test instead of hanging it


async def test_published_post_appears_with_its_card(stack: Stack) -> None:
    author = await stack.author(display_name="Ada L.")
    tag = await stack.create_tag("python-smoke")
    post_id = await stack.publish(author, topic="Hello feed", tag_ids=[tag])
    card = await stack.until_card(post_id, lambda c: c["authorLogin"] == author.login)
    assert card["topic"] == "Hello feed"
    assert card["previewText"] == "about Hello feed"
    assert card["authorDisplayName"] == "Ada L."
    assert card["author"] == {"id": author.id}
    assert card["tags"] == [{"id": tag, "name": "python-smoke"}]
    assert card["commentCount"] == 0
    assert card["post"] == {"id": post_id, "commentCount": 0}


async def test_unpublish_block_and_delete_leave_the_feed(stack: Stack) -> None:
    author = await stack.author()
    unpublished, blocked, deleted = [await stack.publish(author) for _ in range(3)]
    for post_id in (unpublished, blocked, deleted):
        await stack.until_card(post_id, authorId=author.id)
    await stack.set_state(unpublished, "NEW")
    await stack.set_state(blocked, "BLOCKED")
    await stack.delete_post(author, deleted)
    for post_id in (unpublished, blocked, deleted):
        await stack.until_gone(post_id)
        await stack.until_gone(post_id, authorId=author.id)
    await stack.set_state(unpublished, "PUBLISHED")  # back again, at its first publication time
    await stack.until_card(unpublished, authorId=author.id)
    assert await stack.feed_ids(authorId=author.id) == [unpublished]


async def test_tag_changes_edits_and_tag_renames(stack: Stack) -> None:
    author = await stack.author()
    red, blue = await stack.create_tag("red-t"), await stack.create_tag("blue-t")
    post_id = await stack.publish(author, topic="Colours", tag_ids=[red])
    await stack.until_card(post_id, tagId=red)
    await stack.update_post(author, post_id, tagIds=[blue], topic="Colours, edited")
    await stack.until_card(post_id, lambda c: c["topic"] == "Colours, edited", tagId=blue)
    await stack.until_gone(post_id, tagId=red)
    await stack.rename_tag(blue, "navy-t")
    card = await stack.until_card(post_id, lambda c: c["tags"][0]["name"] == "navy-t")
    assert card["tags"] == [{"id": blue, "name": "navy-t"}]
    assert card["slug"].startswith("colours-edited")


async def test_author_renames_reach_their_cards(stack: Stack) -> None:
    author = await stack.author(display_name="Before")
    posts = [await stack.publish(author) for _ in range(2)]
    await stack.until_card(posts[1], lambda c: c["authorDisplayName"] == "Before")
    new_login = f"r{author.login}"
    await stack.rename_author(author, login=new_login, display_name="After")
    for post_id in posts:
        card = await stack.until_card(post_id, lambda c: c["authorDisplayName"] == "After")
        assert card["authorLogin"] == new_login
    later = await stack.publish(author)  # a post published after the rename has the new names
    card = await stack.until_card(later, lambda c: c["authorLogin"] == new_login)
    assert card["authorDisplayName"] == "After"


async def test_comment_count_follows_published_comments(stack: Stack) -> None:
    author = await stack.author()
    post_id = await stack.publish(author)
    await stack.until_card(post_id)
    first = await stack.add_comment(post_id)
    await stack.add_comment(post_id)
    pending = await stack.add_comment(post_id, as_reader=True)  # NEW until a moderator acts
    await stack.until_card(post_id, lambda c: c["commentCount"] == 2)
    await stack.set_comment_state(post_id, pending, "PUBLISHED")
    await stack.until_card(post_id, lambda c: c["commentCount"] == 3)
    await stack.set_comment_state(post_id, first, "BLOCKED")
    card = await stack.until_card(post_id, lambda c: c["commentCount"] == 2)
    assert card["post"]["commentCount"] == 2


async def test_pages_are_newest_first_with_stable_cursors(stack: Stack) -> None:
    author = await stack.author()
    ids = [await stack.publish(author, topic=f"Page {n}") for n in range(5)]
    await stack.until_card(ids[-1], authorId=author.id)

    async def all_five() -> bool:
        return len(await stack.feed_ids(authorId=author.id)) == 5

    await eventually(all_five)
    seen: list[str] = []
    after = None
    for _ in range(MAX_PAGES):
        page = await stack.feed_page(first=2, after=after, authorId=author.id)
        seen.extend(edge["node"]["id"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    else:
        raise AssertionError(f"hasNextPage still true after {MAX_PAGES} pages")
    assert seen == list(reversed(ids))


async def test_bad_arguments_are_bad_user_input(stack: Stack) -> None:
    for arguments in ({"authorId": "nope"}, {"tagId": "x"}, {"after": "garbage"}, {"first": 0}):
        with pytest.raises(GraphQLError) as failure:
            await stack.feed_page(**arguments)
        assert failure.value.args[0][0]["extensions"]["code"] == "BAD_USER_INPUT", arguments


async def test_rebuild_from_scratch_equals_the_incremental_model(stack: Stack) -> None:
    author = await stack.author(display_name="Rebuilt")
    tag = await stack.create_tag("rebuild-t")
    kept = await stack.publish(author, tag_ids=[tag])
    gone = await stack.publish(author)
    await stack.add_comment(kept)
    await stack.delete_post(author, gone)
    await stack.rename_tag(tag, "rebuild-renamed")
    await stack.until_card(
        kept, lambda c: c["commentCount"] == 1 and c["tags"][0]["name"] == "rebuild-renamed"
    )
    await stack.until_gone(gone)
    incremental = await quiet_snapshot(stack)

    denied = await stack.http.post(
        stack.feed.graphql_url,
        json={"query": "mutation { rebuildFeed { posts } }"},
        headers=bearer(uuid.uuid4(), Role.MODERATOR),
    )
    assert denied.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    await wipe(stack.redis)  # the read model is lost
    assert await stack.feed_ids() == []
    data = await stack.gql(
        stack.feed.graphql_url,
        "mutation { rebuildFeed(clear: true) { posts authors removed } }",
        None,
        **bearer(OWNER_ID, Role.OWNER),
    )
    assert data["rebuildFeed"]["posts"] >= len(incremental["cards"])
    rebuilt = await stack.store.snapshot()
    assert rebuilt == incremental

    # in place over a model that missed a delete: the stale card is swept out
    await stack.redis.hset(models.card_key(gone), mapping={"post_id": gone, "state": "PUBLISHED"})
    await stack.redis.zadd(models.ALL, {gone: 1})
    rebuilt_again = await rebuild_from_services(stack.store, stack.feed_settings)
    assert rebuilt_again.removed >= 1
    assert await stack.store.snapshot() == incremental


async def quiet_snapshot(stack: Stack, *, within: float = 30.0) -> dict[str, Any]:
    """The model once it stopped changing (every event in flight applied)."""
    previous: dict[str, Any] | None = None
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        current = await stack.store.snapshot()
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"the feed's model kept changing for {within} s")

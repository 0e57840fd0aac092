"""Anonymous feed pages are served from the feed's answer cache (subgraphs/feed/page_cache.py)
and never stale after a write: through the router, on the real platform (tansu, PostgreSQL,
Redis), a new, edited or deleted post and a new comment show on the anonymous page as soon as
the feed applied the event (seen by a request that carries a token, which the cache never
answers), and the anonymous answers between writes came from the cache."""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from common.auth import Role
from subgraphs.feed.service import FeedStore
from tests.support.kafka import tansu
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.polling import eventually

PAGE = "{ feed(first: 5) { edges { node { id topic commentCount } } } }"
CREATE = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }"
PUBLISH = "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }"
UPDATE = "mutation($id: ID!, $t: String!) { updatePost(id: $id, input: {topic: $t}) { id } }"
DELETE = "mutation($id: ID!) { deletePost(id: $id) }"
COMMENT = 'mutation($p: ID!) { addComment(postId: $p, text: "Nice one") { id } }'


@pytest.fixture(scope="module")
async def platform() -> AsyncIterator[Platform]:
    async with tansu() as broker, start_platform(kafka=broker.bootstrap) as running:
        yield running


async def page(platform: Platform, user: TestUser | None = None) -> list[dict[str, Any]]:
    data = await platform.data(PAGE, user=user)
    return [edge["node"] for edge in data["feed"]["edges"]]


async def cache_hits(platform: Platform) -> float:
    metrics = (await platform.http.get(f"{platform.services['feed'].http_url}/metrics")).text
    found = re.search(
        r'^indefinite_answer_cache_total\{result="hit",service="feed"\} (\S+)$', metrics, re.M
    )
    return float(found[1]) if found else 0.0


async def settled(platform: Platform, owner: TestUser, check: Any, what: str) -> None:
    """Wait until the feed applied the write (a request with a token, never cached, shows it),
    then the very next anonymous requests must show it too: the consumer sets the new version
    right after its write, so allow only that instant."""
    await eventually(lambda: _holds(platform, owner, check), what=f"{what} (fresh)")
    await eventually(lambda: _holds(platform, None, check), within=1.0, what=f"{what} (anon)")


async def _holds(platform: Platform, user: TestUser | None, check: Any) -> bool:
    return bool(check(await page(platform, user)))


async def test_anonymous_pages_come_from_the_cache_and_follow_every_write(
    platform: Platform,
) -> None:
    owner = await platform.new_user(Role.OWNER)
    created = await platform.data(
        CREATE, {"i": {"topic": "Cached first", "text": "Body", "previewText": "p"}}, user=owner
    )
    post_id = created["createPost"]["id"]
    await platform.data(PUBLISH, {"id": post_id}, user=owner)
    await settled(platform, owner, lambda p: p and p[0]["id"] == post_id, "new post")

    before = await cache_hits(platform)
    first = await page(platform)
    assert await page(platform) == first
    assert await cache_hits(platform) > before  # the repeat came from the cache

    await platform.data(UPDATE, {"id": post_id, "t": "Cached, edited"}, user=owner)
    await settled(platform, owner, lambda p: p[0]["topic"] == "Cached, edited", "edited post")

    await platform.data(COMMENT, {"p": post_id}, user=owner)
    await settled(platform, owner, lambda p: p[0]["commentCount"] == 1, "new comment")

    await platform.data(DELETE, {"id": post_id}, user=owner)
    await settled(platform, owner, lambda p: all(n["id"] != post_id for n in p), "deleted post")


async def test_a_bad_token_is_refused_even_when_the_page_is_cached(platform: Platform) -> None:
    await page(platform)
    await page(platform)
    body = await platform.gql(PAGE, token="not-a-token")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_gets_carry_validators_and_revalidate_after_a_write(
    platform: Platform,
) -> None:
    owner = await platform.new_user(Role.OWNER)
    url, params = platform.router_url, {"query": PAGE}
    first = await platform.http.get(url, params=params)
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "public, no-cache"
    etag = first.headers["etag"]
    assert "set-cookie" not in first.headers  # no cache hands one client's track id to others
    assert "x-track-id" not in first.headers
    again = await platform.http.get(url, params=params, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""

    with_token = await platform.http.get(url, params=params, headers=owner.headers)
    assert with_token.status_code == 200
    assert "etag" not in with_token.headers
    assert "public" not in with_token.headers.get("cache-control", "")

    created = await platform.data(
        CREATE, {"i": {"topic": "Revalidated", "text": "Body", "previewText": "p"}}, user=owner
    )
    post_id = created["createPost"]["id"]
    await platform.data(PUBLISH, {"id": post_id}, user=owner)
    await settled(platform, owner, lambda p: p and p[0]["id"] == post_id, "new post")
    changed = await platform.http.get(url, params=params, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["data"]["feed"]["edges"][0]["node"]["id"] == post_id

    rest = await platform.http.get(url.removesuffix("/graphql") + "/api/v1/feed/posts")
    assert rest.status_code == 200, rest.text
    assert rest.headers["cache-control"] == "public, no-cache"
    revalidated = await platform.http.get(
        url.removesuffix("/graphql") + "/api/v1/feed/posts",
        headers={"if-none-match": rest.headers["etag"]},
    )
    assert revalidated.status_code == 304


def test_every_write_of_the_read_model_bumps_the_version() -> None:
    """A FeedStore method that writes Redis without `@bumps` would leave anonymous pages stale
    (reaction counts were the first to slip through): every public writer is wrapped."""
    writers = [
        name
        for name, method in inspect.getmembers(FeedStore, inspect.iscoroutinefunction)
        if name.startswith(("apply_", "fan_out_", "replay", "clear"))
    ]
    assert "apply_reaction_delta" in writers
    unwrapped = [n for n in writers if not hasattr(getattr(FeedStore, n), "__wrapped__")]
    assert not unwrapped, f"FeedStore writes without @bumps: {unwrapped}"

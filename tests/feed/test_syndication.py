"""What issue 18 added to the feed, from real events: reading time and reaction counts on
cards, scheduled posts arriving at their time, and the RSS 2.0 / Atom / JSON Feed / sitemap
documents (parsed with feedparser, as a feed reader would) with their validators and 304s."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

import feedparser
import orjson

from common.auth import Role
from tests.feed.conftest import Stack, bearer
from tests.support.polling import eventually

REACT = "mutation($p: ID!, $k: ReactionKind!) { react(postId: $p, kind: $k) { viewerReactions } }"
CARD = """query($first: Int) { feed(first: $first) { edges { node {
  id readingMinutes reactions { kind count }
} } } }"""


async def card_of(stack: Stack, post_id: str) -> dict[str, object] | None:
    data = await stack.gql(stack.feed.graphql_url, CARD, {"first": 100})
    for edge in data["feed"]["edges"]:
        if edge["node"]["id"] == post_id:
            node: dict[str, object] = edge["node"]
            return node
    return None


async def test_cards_carry_reading_time_and_reaction_counts(stack: Stack) -> None:
    author = await stack.author()
    post_id = await stack.publish(author, topic="Counted")
    await stack.update_post(author, post_id, text="word " * 500)
    for _ in range(2):
        who = bearer(uuid.uuid4(), Role.READER)
        await stack.posts_call(REACT, {"p": post_id, "k": "LIKE"}, who)
    await stack.posts_call(REACT, {"p": post_id, "k": "FUNNY"}, bearer(uuid.uuid4(), Role.READER))

    async def counted() -> dict[str, object] | None:
        card = await card_of(stack, post_id)
        if card is None or card["readingMinutes"] != 3:
            return None
        counts = {r["kind"]: r["count"] for r in card["reactions"]}  # type: ignore[attr-defined]
        return card if counts == {"LIKE": 2, "INSIGHTFUL": 0, "FUNNY": 1} else None

    await eventually(counted)


async def test_a_scheduled_post_enters_the_feed_at_its_time(stack: Stack) -> None:
    author = await stack.author()
    at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    data = await stack.posts_call(
        "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
        {"i": {"topic": "Later", "text": "t", "publishAt": at.isoformat()}},
        author.headers,
    )
    post_id = data["createPost"]["id"]
    await stack.set_state(post_id, "PUBLISHED")  # approved before its time: SCHEDULED
    assert await card_of(stack, post_id) is None
    # the posts service's scheduler polls every 5 s (SCHEDULER_POLL_SECONDS)
    card = await stack.until_card(post_id)
    published = dt.datetime.fromisoformat(str(card["publishedAt"]))
    assert abs((published - at).total_seconds()) < 0.001


async def test_rss_atom_json_feeds_and_sitemap(stack: Stack) -> None:
    author = await stack.author(login=f"feeder{uuid.uuid4().hex[:6]}", display_name="Fe Eder")
    tag = await stack.create_tag(f"syndicated-{uuid.uuid4().hex[:6]}")
    tagged = await stack.publish(author, topic="Tagged & <escaped>", tag_ids=[tag])
    plain = await stack.publish(author, topic="Plain post")
    await stack.until_card(plain, lambda c: c["authorLogin"] == author.login)
    await stack.until_card(tagged, lambda c: c["authorLogin"] == author.login)
    base = stack.feed.http_url.rstrip("/")

    rss = await stack.http.get(f"{base}/feeds/tag/{tag}.rss")
    assert rss.status_code == 200
    assert rss.headers["content-type"].startswith("application/rss+xml")
    parsed = feedparser.parse(rss.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert [e.title for e in parsed.entries] == ["Tagged & <escaped>"]
    assert parsed.entries[0].link.endswith(f"/posts/{tagged}") or "/p/" in parsed.entries[0].link

    atom = feedparser.parse(
        (await stack.http.get(f"{base}/feeds/author/{author.login}.atom")).content
    )
    assert not atom.bozo, atom.bozo_exception
    assert atom.version == "atom10"
    assert [e.title for e in atom.entries] == ["Plain post", "Tagged & <escaped>"]
    assert "Fe Eder" in atom.feed.title

    everything = await stack.http.get(f"{base}/feeds/all.json")
    assert everything.headers["content-type"].startswith("application/feed+json")
    document = orjson.loads(everything.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert {plain, tagged} <= {item["id"].rsplit("/", 1)[1] for item in document["items"]}
    # feedparser 6 does not read JSON Feed: the spec's required members, checked here
    assert document["title"]
    assert document["feed_url"].endswith("/feeds/all.json")
    for item in document["items"]:
        assert item["id"]
        assert item["url"]
        assert item["content_text"]
        dt.datetime.fromisoformat(item["date_published"])

    sitemap = await stack.http.get(f"{base}/sitemap.xml")
    locations = [
        loc.text
        for loc in ET.fromstring(sitemap.content).iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
        )
    ]
    assert len([u for u in locations if u and ("/p/" in u or "/posts/" in u)]) >= 2

    # validators: 304 for the same ETag or a Last-Modified not older; a change makes a new one
    etag, modified = rss.headers["etag"], rss.headers["last-modified"]
    again = await stack.http.get(f"{base}/feeds/tag/{tag}.rss", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    since = await stack.http.get(
        f"{base}/feeds/tag/{tag}.rss", headers={"If-Modified-Since": modified}
    )
    assert since.status_code == 304
    await stack.update_post(author, tagged, topic="Tagged, edited")

    async def changed() -> bool:
        response = await stack.http.get(
            f"{base}/feeds/tag/{tag}.rss", headers={"If-None-Match": etag}
        )
        return response.status_code == 200 and b"Tagged, edited" in response.content

    await eventually(changed)

    for missing in (
        "/feeds/tag/999999.rss",
        "/feeds/tag/x.rss",
        "/feeds/author/nobody-at-all.json",
        "/feeds/all.xml",
        "/feeds/other/1.rss",
    ):
        assert (await stack.http.get(f"{base}{missing}")).status_code == 404, missing

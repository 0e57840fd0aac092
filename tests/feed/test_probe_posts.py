"""QA probe posts (tagged `qa-probe`, common/contracts/probes.py) stay out of the public lists:
only their author's feed holds them."""

from __future__ import annotations

from common.contracts.probes import PROBE_TAG
from subgraphs.feed.models import ALL, Card, author_feed_key, tag_feed_key


def card(*tags: tuple[int, str]) -> Card:
    return Card(
        post_id="p1",
        author_id="a1",
        author_login="qa-probe-x",
        author_name="",
        topic="t",
        slug="t",
        preview_text="",
        state="PUBLISHED",
        tags=[{"id": tag_id, "name": name} for tag_id, name in tags],
        comment_count=0,
        published_at="2026-01-01T00:00:00+00:00",
        updated_at="2026-01-01T00:00:00+00:00",
        score=1,
        version=1,
        indexed=[],
    )


def test_a_probe_post_is_only_in_its_authors_feed() -> None:
    assert card((7, "News"), (9, PROBE_TAG.upper())).feeds() == [author_feed_key("a1")]


def test_other_posts_are_in_every_list() -> None:
    assert card((7, "News")).feeds() == [ALL, author_feed_key("a1"), tag_feed_key(7)]

"""A feed document is a function of its cards: the same cards give the same bytes whenever they
are rendered, so its ETag holds and feed readers and CDNs get 304s (feedgen stamps
`lastBuildDate` with the current time unless told otherwise)."""

from __future__ import annotations

import time

import pytest

from subgraphs.feed.syndication import Channel, Syndication


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_same_cards_render_the_same_bytes_a_second_later(fmt: str) -> None:
    feeds = Syndication(None, None, base_url="https://blog.example.com", items=20)  # type: ignore[arg-type]
    channel = Channel("Indefinite Studies", "/feeds/all", "https://blog.example.com/", [])
    first = feeds.xml_feed(channel, fmt)
    time.sleep(1.05)  # past a whole second: the resolution of RSS dates
    assert feeds.xml_feed(channel, fmt) == first

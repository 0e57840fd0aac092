"""Feeds for readers and robots, generated from the feed's read model (Redis, no SQL):
RSS 2.0 and Atom (feedgen), JSON Feed 1.1 (a plain document: feedgen does not write it), for
every post, one tag's or one author's, and sitemap.xml of every published post.

    GET /feeds/all.rss | .atom | .json
    GET /feeds/tag/<tag id>.rss | .atom | .json
    GET /feeds/author/<login>.rss | .atom | .json
    GET /sitemap.xml

The router serves these paths to the public by proxying them here (router/rest/feeds.py).
Each answer carries a strong ETag (a digest of the body) and Last-Modified (the newest
item's update); a request whose If-None-Match matches, or (without one) whose If-Modified-Since
is not older, gets 304 without a body. Item links point at the web UI (PUBLIC_BASE_URL).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from xml.sax.saxutils import escape

import orjson
from feedgen.feed import FeedGenerator
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from common.errors import AppError
from subgraphs.feed import models
from subgraphs.feed.models import Card, card_key, decode_card
from subgraphs.feed.pages import FeedPages

FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
SITE_TITLE = "Indefinite Studies"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Channel:
    """One feed: what it is called, where it lives and which cards it holds."""

    title: str
    path: str  # without the extension, e.g. /feeds/tag/3
    page_url: str  # the UI page of the same list
    cards: Sequence[Card]


def _time(value: str | None) -> dt.datetime:
    if not value:
        return EPOCH
    stamp = dt.datetime.fromisoformat(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def last_modified(cards: Sequence[Card]) -> dt.datetime:
    return max((_time(c.updated_at) for c in cards), default=EPOCH).replace(microsecond=0)


class Syndication:
    def __init__(self, redis: Any, pages: FeedPages, *, base_url: str, items: int) -> None:
        self.r = redis
        self.pages = pages
        self.base = base_url.rstrip("/")
        self.items = max(1, min(items, 100))

    def post_url(self, card: Card) -> str:
        return f"{self.base}/p/{card.slug}" if card.slug else f"{self.base}/posts/{card.post_id}"

    # ------------------------------------------------------------------ channels

    async def channel(self, kind: str, key: str) -> Channel | None:
        """The channel of `all`, a tag id or an author login; None when there is none."""
        if kind == "all":
            page = await self.pages.page(first=self.items)
            return Channel(SITE_TITLE, "/feeds/all", f"{self.base}/", [c for _, c in page.items])
        if kind == "tag":
            try:
                page = await self.pages.page(first=self.items, tag_id=key)
            except AppError:
                return None
            names = models.tag_names(await self.r.hgetall(models.TAGS))
            if not key.isdigit() or int(key) not in names:
                return None
            return Channel(
                f"{SITE_TITLE}: {names[int(key)]}",
                f"/feeds/tag/{key}",
                f"{self.base}/tags/{key}",
                [c for _, c in page.items],
            )
        user_id = await self.r.get(models.login_key(key))
        author = await self.r.hgetall(models.author_key(user_id)) if user_id else {}
        if not author or author.get("login", "").lower() != key.lower():
            return None
        page = await self.pages.page(first=self.items, author_id=user_id)
        name = author.get("display_name") or author["login"]
        return Channel(
            f"{SITE_TITLE}: {name}",
            f"/feeds/author/{author['login']}",
            f"{self.base}/u/{author['login']}",
            [c for _, c in page.items],
        )

    # ------------------------------------------------------------------ documents

    def xml_feed(self, channel: Channel, fmt: str) -> bytes:
        fg = FeedGenerator()
        fg.id(f"{self.base}{channel.path}.{fmt}")
        fg.title(channel.title)
        fg.link(href=channel.page_url, rel="alternate")
        fg.link(href=f"{self.base}{channel.path}.{fmt}", rel="self")
        fg.description(channel.title)  # RSS requires one
        fg.language("ru")
        fg.updated(last_modified(channel.cards) if channel.cards else EPOCH)
        for card in reversed(channel.cards):  # feedgen prepends: oldest first in, newest on top
            entry = fg.add_entry()
            entry.id(f"{self.base}/posts/{card.post_id}")
            entry.guid(f"{self.base}/posts/{card.post_id}", permalink=False)
            entry.title(card.topic)
            entry.link(href=self.post_url(card))
            entry.author({"name": card.author_name or card.author_login or "—"})
            entry.summary(card.preview_text or card.topic)
            entry.published(_time(card.published_at))
            entry.updated(_time(card.updated_at))
            for tag in card.tags:
                entry.category(term=str(tag["name"]))
        body: bytes = fg.rss_str(pretty=False) if fmt == "rss" else fg.atom_str(pretty=False)
        return body

    def json_feed(self, channel: Channel) -> bytes:
        """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
        return orjson.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": channel.title,
                "home_page_url": channel.page_url,
                "feed_url": f"{self.base}{channel.path}.json",
                "language": "ru",
                "items": [
                    {
                        "id": f"{self.base}/posts/{card.post_id}",
                        "url": self.post_url(card),
                        "title": card.topic,
                        "summary": card.preview_text,
                        "content_text": card.preview_text or card.topic,
                        "date_published": _time(card.published_at).isoformat(),
                        "date_modified": _time(card.updated_at).isoformat(),
                        "authors": [{"name": card.author_name or card.author_login}],
                        "tags": [str(t["name"]) for t in card.tags],
                    }
                    for card in channel.cards
                ],
            }
        )

    async def sitemap(self, limit: int) -> tuple[bytes, dt.datetime]:
        """Every published post (newest first, at most `limit`, the protocol's 50 000)."""
        ids = await self.r.zrevrange(models.ALL, 0, max(0, min(limit, 50_000) - 1))
        pipe = self.r.pipeline(transaction=False)
        for post_id in ids:
            pipe.hgetall(card_key(post_id))
        cards = [c for c in map(decode_card, await pipe.execute()) if c is not None]
        cards = [c for c in cards if models.ALL in c.feeds()]
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            f"<url><loc>{escape(self.base)}/</loc></url>",
        ]
        for card in cards:
            modified = _time(card.updated_at).date().isoformat()
            lines.append(
                f"<url><loc>{escape(self.post_url(card))}</loc><lastmod>{modified}</lastmod></url>"
            )
        lines.append("</urlset>")
        return "\n".join(lines).encode(), last_modified(cards)


# ---------------------------------------------------------------------------- HTTP


def conditional(request: Request, body: bytes, modified: dt.datetime, media_type: str) -> Response:
    """200 with validators, or 304 when the client's copy is current."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        "Cache-Control": "public, max-age=60",
    }
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        if etag in tags or "*" in tags:
            return Response(status_code=304, headers=headers)
    else:
        since = request.headers.get("if-modified-since")
        try:
            unchanged = since is not None and parsedate_to_datetime(since) >= modified
        except (TypeError, ValueError):
            unchanged = False
        if unchanged:
            return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _split(name: str) -> tuple[str, str] | None:
    key, dot, fmt = name.rpartition(".")
    return (key, fmt) if dot and key and fmt in FORMATS else None


def routes(syndication: Syndication, *, sitemap_limit: int) -> list[BaseRoute]:
    async def feed(request: Request) -> Response:
        kind = request.path_params.get("kind", "all")
        parts = _split(request.path_params["name"])
        if parts is None or (kind == "all" and parts[0] != "all"):
            return Response("Not found", status_code=404, media_type="text/plain")
        key, fmt = parts
        channel = await syndication.channel(kind, key)
        if channel is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        body = (
            syndication.json_feed(channel) if fmt == "json" else syndication.xml_feed(channel, fmt)
        )
        return conditional(request, body, last_modified(channel.cards), FORMATS[fmt])

    async def sitemap(request: Request) -> Response:
        body, modified = await syndication.sitemap(sitemap_limit)
        return conditional(request, body, modified, "application/xml; charset=utf-8")

    methods = ["GET", "HEAD"]
    return [
        Route("/feeds/{name}", feed, methods=methods),
        Route("/feeds/{kind:str}/{name}", _only_kinds(feed), methods=methods),
        Route("/sitemap.xml", sitemap, methods=methods),
    ]


def _only_kinds(endpoint: Any) -> Any:
    async def guarded(request: Request) -> Response:
        if request.path_params["kind"] not in ("tag", "author"):
            return Response("Not found", status_code=404, media_type="text/plain")
        response: Response = await endpoint(request)
        return response

    return guarded

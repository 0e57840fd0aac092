"""Reading the feed: pages of cards newest first (one ZREVRANGEBYSCORE, then one pipeline of
HGETALLs), with the comment counts the Post entity asks for. Members a crash or race left in a
feed without a matching card are skipped and repaired on the way."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis

from common.errors import BadUserInput
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from subgraphs.feed import models
from subgraphs.feed.models import Card, card_key, decode_card, tag_names, with_tag_names

#: Extra members read past a page, so items tied on score with the cursor can be skipped.
TIE_SLACK = 8


def _uuid(value: str, argument: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise BadUserInput(f"{argument} is not a valid id", argument=argument) from exc


def _tag_id(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BadUserInput("tagId is not a valid id", argument="tagId") from exc


class FeedPages:
    def __init__(self, redis: Redis) -> None:
        #: untyped for the same reason as FeedStore.r
        self.r: Any = redis

    async def page(
        self,
        *,
        first: int | None = None,
        after: str | None = None,
        author_id: str | None = None,
        tag_id: str | None = None,
    ) -> Page[Card]:
        """Newest first: one ZREVRANGEBYSCORE, then one pipeline of HGETALLs (+ tag names)."""
        size = page_size(first)
        if author_id is not None and tag_id is not None:
            raise BadUserInput("Give authorId or tagId, not both", argument="tagId")
        author = _uuid(author_id, "authorId") if author_id is not None else None
        tag = _tag_id(tag_id) if tag_id is not None else None
        feed = (
            models.author_feed_key(author)
            if author is not None
            else models.tag_feed_key(tag)
            if tag is not None
            else models.ALL
        )
        position: tuple[int, str] | None = None
        if after is not None:
            score, member = decode_cursor(after, 2)
            if not isinstance(score, int) or not isinstance(member, str):
                raise BadUserInput("Invalid cursor", argument="after")
            position = (score, member)
        members = await self._members(feed, size, position)
        has_next = len(members) > size
        members = members[:size]
        pipe = self.r.pipeline(transaction=False)
        for post_id, _ in members:
            pipe.hgetall(card_key(post_id))
        pipe.hgetall(models.TAGS)
        *raws, tag_raw = await pipe.execute()
        names = tag_names(tag_raw)
        items: list[tuple[str, Card]] = []
        stale: list[str] = []
        for (post_id, score), raw in zip(members, raws, strict=True):
            card = decode_card(raw)
            if card is None or feed not in card.feeds():
                stale.append(post_id)  # left behind by a crash or race: skip and repair
                continue
            items.append((encode_cursor(score, post_id), with_tag_names(card, names)))
        if stale:
            await self._repair(feed, stale)
        end = encode_cursor(members[-1][1], members[-1][0]) if members else None
        return Page(items=items, has_next_page=has_next, end_cursor=end)

    async def _members(
        self, feed: str, size: int, position: tuple[int, str] | None
    ) -> list[tuple[str, int]]:
        if position is None:
            rows = await self.r.zrevrangebyscore(
                feed, "+inf", "-inf", start=0, num=size + 1, withscores=True
            )
            return [(member, int(score)) for member, score in rows]
        score, last = position
        offset, found = 0, []
        while True:
            want = size + 1 + TIE_SLACK
            rows = await self.r.zrevrangebyscore(
                feed, score, "-inf", start=offset, num=want, withscores=True
            )
            for member, value in rows:
                # equal scores come in descending member order: skip those not after the cursor
                if int(value) == score and member >= last:
                    continue
                found.append((member, int(value)))
            if len(found) > size or len(rows) < want:
                return found[: size + 1]
            offset += want

    async def _repair(self, feed: str, post_ids: list[str]) -> None:
        for post_id in post_ids:
            card = decode_card(await self.r.hgetall(card_key(post_id)))
            if card is None or feed not in card.feeds():
                await self.r.zrem(feed, post_id)

    async def comment_counts(self, post_ids: Sequence[str]) -> list[int]:
        pipe = self.r.pipeline(transaction=False)
        for post_id in post_ids:
            pipe.hget(card_key(post_id), "comment_count")
        return [max(0, int(v or 0)) for v in await pipe.execute()]

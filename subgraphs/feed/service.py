"""The feed's domain logic on Redis (key layout in models.py): applying events and rebuilding
from posts (reading pages: pages.py).

Every event is applied in two steps:
1. the guarded write: the event's own change to ONE key (a card, an author, the tag names), in
   one MULTI/EXEC with the processed-event marker (`once_in_redis`, same hash slot), so an event
   is applied at most once and a version older than the stored one changes nothing;
2. the derived updates, always (also for an event already applied, whose derived step may have
   been cut short by a crash): the post's membership of the sorted sets, read back from the card,
   and author names copied into cards. These are idempotent and converge whatever their order.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from common.events import once_in_redis, processed_key
from common.logging import get_logger
from subgraphs.feed import generation, models
from subgraphs.feed.models import Card, card_key, decode_card, tag_names, with_tag_names
from subgraphs.feed.page_cache import bumps

log = get_logger(__name__)


@dataclass(frozen=True)
class RebuildResult:
    posts: int
    authors: int
    removed: int
    seconds: float


@dataclass(frozen=True)
class StreamedCard:
    """One post as StreamPosts returns it (payload in the events' shape) + its comment count."""

    payload: dict[str, Any]
    comment_count: int
    reaction_counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Profile:
    user_id: str
    login: str
    display_name: str


CardStream = Callable[[], AsyncIterator[StreamedCard]]
ProfileLookup = Callable[[Sequence[str]], Awaitable[list[Profile]]]


class FeedStore:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        #: The same client, untyped: redis-py's command stubs return unions of bytes/str/Awaitable
        #: that do not narrow for a decode_responses=True client.
        self.r: Any = redis
        self._write_card = redis.register_script(models.WRITE_CARD)
        self._write_names = redis.register_script(models.WRITE_AUTHOR_NAMES)
        self._write_author = redis.register_script(models.WRITE_AUTHOR)
        self._write_tag = redis.register_script(models.WRITE_TAG)

    # ------------------------------------------------------------------ writes: posts

    @bumps
    async def apply_post(
        self,
        post_id: str,
        fields: dict[str, str],
        version: int,
        *,
        event_id: str | None,
        comment_count: int | None = None,
        reaction_counts: dict[str, int] | None = None,
    ) -> bool:
        """The guarded card write (deduplicated on `event_id` when given), then the derived
        updates. True when the card was written now."""
        key = card_key(post_id)
        values = dict(fields)
        if comment_count is not None:
            values["comment_count"] = str(comment_count)
        for kind, count in (reaction_counts or {}).items():
            values[models.REACTION_FIELD + kind] = str(count)
        flat = [item for pair in values.items() for item in pair]

        async def write(pipe: Pipeline) -> None:
            pipe.eval(models.WRITE_CARD, 1, key, version, *flat)

        if event_id is None:
            applied = bool(await self._write_card(keys=[key], args=[version, *flat]))
        else:
            marker = processed_key(models.CONSUMER, event_id, tag=key)
            applied = await once_in_redis(self.redis, marker, write)
        await self.project(post_id)
        return applied

    async def project(self, post_id: str, *, attempts: int = 5) -> None:
        """Make the sorted sets agree with the card, then copy the author's names into it.

        Re-reads the card's version after writing the sets: when another writer changed the card
        meanwhile, project again from the newer card (the last projector always sees the last
        version, so the sets converge on it)."""
        key = card_key(post_id)
        for _ in range(attempts):
            card = decode_card(await self.r.hgetall(key))
            if card is None:
                return
            wanted = card.feeds()
            pipe = self.r.pipeline(transaction=False)
            for feed in wanted:
                pipe.zadd(feed, {post_id: card.score})
            for feed in set(card.indexed) - set(wanted):
                pipe.zrem(feed, post_id)
            if sorted(card.indexed) != sorted(wanted):
                pipe.hset(key, "ix", orjson.dumps(sorted(wanted)).decode())
            await pipe.execute()
            await self._copy_author_names(post_id, card.author_id)
            now = await self.r.hget(key, "v")
            if int(now or 0) == card.version:
                return
        log.warning("feed projection did not settle", post_id=post_id)

    async def _copy_author_names(self, post_id: str, author_id: str) -> None:
        """Runs after the post joined its author's feed: a rename either wrote its names before
        we read them here, or finds the post in the author feed when it fans out."""
        author = await self.r.hgetall(models.author_key(author_id))
        if not author or "v" not in author:
            return
        await self._write_names(
            keys=[card_key(post_id)],
            args=[author["v"], author.get("login", ""), author.get("display_name", "")],
        )

    # ------------------------------------------------------------------ writes: comments

    @bumps
    async def apply_comment_delta(self, post_id: str, delta: int, *, event_id: str) -> bool:
        """Published comment count +1/-1, exactly once per event (the marker is in the card's
        slot, so the increment and the marker commit together)."""
        key = card_key(post_id)

        async def write(pipe: Pipeline) -> None:
            pipe.hincrby(key, "comment_count", delta)

        if delta == 0:
            return False
        return await once_in_redis(
            self.redis, processed_key(models.CONSUMER, event_id, tag=key), write
        )

    @bumps
    async def apply_reaction_delta(
        self, post_id: str, kind: str, delta: int, *, event_id: str
    ) -> bool:
        """A post's reaction count of `kind` +1/-1, exactly once per event (as comments)."""
        key = card_key(post_id)

        async def write(pipe: Pipeline) -> None:
            pipe.hincrby(key, models.REACTION_FIELD + kind, delta)

        return await once_in_redis(
            self.redis, processed_key(models.CONSUMER, event_id, tag=key), write
        )

    # ------------------------------------------------------------------ writes: tags, authors

    @bumps
    async def apply_tag(
        self, tag_id: int, name: str, version: int, *, event_id: str | None
    ) -> bool:
        async def write(pipe: Pipeline) -> None:
            pipe.eval(models.WRITE_TAG, 1, models.TAGS, tag_id, version, name)

        if event_id is None:
            return bool(await self._write_tag(keys=[models.TAGS], args=[tag_id, version, name]))
        marker = processed_key(models.CONSUMER, event_id, tag=models.TAGS)
        return await once_in_redis(self.redis, marker, write)

    @bumps
    async def apply_author(
        self,
        user_id: str,
        login: str,
        display_name: str,
        version: int,
        *,
        deleted: bool = False,
        event_id: str | None,
    ) -> bool:
        """Record the author's names (newest version wins), then copy them into the cards of
        the author's published posts (always: a crash may have cut the fan-out short)."""
        key = models.author_key(user_id)
        args: list[str | int] = [version, login, display_name, "1" if deleted else "0"]

        async def write(pipe: Pipeline) -> None:
            pipe.eval(models.WRITE_AUTHOR, 1, key, *args)

        if event_id is None:
            applied = bool(await self._write_author(keys=[key], args=args))
        else:
            marker = processed_key(models.CONSUMER, event_id, tag=key)
            applied = await once_in_redis(self.redis, marker, write)
        current = await self.r.hget(key, "login")
        if current:
            await self.r.set(models.login_key(current), user_id)
        await self.fan_out_author(user_id)
        return applied

    @bumps
    async def fan_out_author(self, user_id: str, *, batch: int = 500) -> None:
        author = await self.r.hgetall(models.author_key(user_id))
        if not author or "v" not in author:
            return
        args = [author["v"], author.get("login", ""), author.get("display_name", "")]
        feed = models.author_feed_key(user_id)
        start = 0
        while True:
            ids = await self.r.zrange(feed, start, start + batch - 1)
            if not ids:
                return
            pipe = self.r.pipeline(transaction=False)
            for post_id in ids:
                pipe.evalsha(self._write_names.sha, 1, card_key(post_id), *args)
            try:
                await pipe.execute()
            except Exception:  # NOSCRIPT after a Redis restart: load and go on one by one
                for post_id in ids:
                    await self._write_names(keys=[card_key(post_id)], args=args)
            if len(ids) < batch:
                return
            start += batch

    # ------------------------------------------------------------------ cards

    async def card(self, post_id: str) -> Card | None:
        return decode_card(await self.r.hgetall(card_key(post_id)))

    # ------------------------------------------------------------------ rebuild

    async def rebuild(
        self,
        stream: CardStream,
        profiles: ProfileLookup,
        *,
        clear: bool = False,
        lock_wait: float = 0.0,
    ) -> RebuildResult:
        """`replay` under the rebuild lock (RebuildRunning when another rebuild keeps it for
        `lock_wait` seconds), then the generation marker that says the model is complete
        (generation.py)."""
        async with generation.lease(self.redis, wait=lock_wait) as held:
            result = await self.replay(stream, profiles, clear=clear)
            await held.complete(result.posts)
        return result

    @bumps
    async def replay(
        self, stream: CardStream, profiles: ProfileLookup, *, clear: bool = False
    ) -> RebuildResult:
        """Replay every non-deleted post from posts (StreamPosts) through the same guarded
        writes the events use, in place:

        - a streamed card carries the post's current version (updated_at): it wins over older
          state and loses to an event newer than the stream's read, so the consumer may keep
          running meanwhile;
        - author names come from profiles (GetProfiles) with the version "when asked", so a
          rename event after that wins;
        - cards the stream did not return and that are older than its start are posts deleted
          (or lost events): they become tombstones and leave every feed.

        `clear` first removes every feed key (a recovery from scratch; readers see a growing
        feed while it runs). Processed-event markers are kept, so redelivered events stay
        no-ops.
        """
        started = time.perf_counter()
        began = models.micros(dt.datetime.now(dt.UTC))
        if clear:
            await self.clear()
        seen: set[str] = set()
        authors: set[str] = set()
        tags: dict[int, str] = {}
        async for item in stream():
            payload = item.payload
            post_id = str(payload["post_id"])
            seen.add(post_id)
            authors.add(str(payload["author_id"]))
            for tag in payload.get("tags", []):
                if tags.get(int(tag["id"])) != str(tag["name"]):
                    tags[int(tag["id"])] = str(tag["name"])
                    await self.apply_tag(int(tag["id"]), str(tag["name"]), began, event_id=None)
            await self.apply_post(
                post_id,
                models.card_fields(payload),
                models.micros(payload["updated_at"]),
                event_id=None,
                comment_count=item.comment_count,
                reaction_counts=item.reaction_counts,
            )
        asked = models.micros(dt.datetime.now(dt.UTC))
        found = 0
        ordered = sorted(authors)
        for offset in range(0, len(ordered), 200):
            for profile in await profiles(ordered[offset : offset + 200]):
                found += 1
                await self.apply_author(
                    profile.user_id, profile.login, profile.display_name, asked, event_id=None
                )
        removed = await self._sweep(seen, began)
        return RebuildResult(
            posts=len(seen),
            authors=found,
            removed=removed,
            seconds=round(time.perf_counter() - started, 3),
        )

    async def _sweep(self, seen: set[str], began: int) -> int:
        removed = 0
        prefix = card_key("")
        async for key in self.r.scan_iter(match=f"{prefix}*", count=1000):
            post_id = key[len(prefix) :]
            if post_id in seen:
                continue
            card = await self.card(post_id)
            if card is None or card.state == models.DELETED or card.version >= began:
                continue
            tombstone = {"post_id": post_id, "state": models.DELETED}
            await self.apply_post(post_id, tombstone, card.version, event_id=None)
            removed += 1
        async for feed in self.r.scan_iter(match=f"{models.PREFIX}:z:*", count=1000):
            removed += await self._sweep_feed(feed)
        return removed

    async def _sweep_feed(self, feed: str, batch: int = 500) -> int:
        """Remove members whose card does not belong to this feed (left by lost events)."""
        stale: list[str] = []
        members = [member async for member, _ in self.r.zscan_iter(feed, count=batch)]
        for offset in range(0, len(members), batch):
            chunk = members[offset : offset + batch]
            pipe = self.r.pipeline(transaction=False)
            for post_id in chunk:
                pipe.hgetall(card_key(post_id))
            for post_id, raw in zip(chunk, await pipe.execute(), strict=True):
                card = decode_card(raw)
                if card is None or feed not in card.feeds():
                    stale.append(post_id)
        for post_id in stale:
            await self.r.zrem(feed, post_id)
        return len(stale)

    @bumps
    async def clear(self) -> int:
        """Delete every feed key (not the processed-event markers), one key per command."""
        deleted = 0
        async for key in self.r.scan_iter(match=f"{models.PREFIX}:*", count=1000):
            deleted += int(await self.r.unlink(key))
        return deleted

    async def snapshot(self) -> dict[str, Any]:
        """The whole model as a reader sees it (cards of published posts and every feed);
        for comparing builds and for tests."""
        feeds: dict[str, list[str]] = {}
        async for key in self.r.scan_iter(match=f"{models.PREFIX}:z:*", count=1000):
            members = await self.r.zrevrange(key, 0, -1)
            if members:
                feeds[key] = list(members)
        names = await self._tag_names()
        cards: dict[str, Any] = {}
        for post_id in await self.r.zrange(models.ALL, 0, -1):
            card = await self.card(post_id)
            if card is not None:
                cards[post_id] = with_tag_names(card, names).comparable()
        return {"feeds": feeds, "cards": cards}

    async def _tag_names(self) -> dict[int, str]:
        raw = await self.r.hgetall(models.TAGS)
        return tag_names(raw)

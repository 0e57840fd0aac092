"""The feed's Redis key layout (no SQL: the feed is a read model, rebuilt from posts).

    key                          type  holds
    feed:card:<post_id>          hash  the post card (fields below); also the tombstone of a
                                       deleted post (state DELETED, its version kept)
    feed:z:all                   zset  PUBLISHED post ids, score = published_at in µs since epoch
    feed:z:author:<user_id>      zset  the same, per author
    feed:z:tag:<tag_id>          zset  the same, per tag
    feed:author:<user_id>        hash  login, display_name, v (version), deleted
    feed:tags                    hash  tag id -> JSON {"name", "v"} (names shown on cards)
    feed:version                 string  a random token set after every write of the model:
                                       anonymous answers are cached under it (page_cache.py)
    feed:login:<login>           str   user id of the author with this login (lower case; an
                                       old login may remain: readers check the author's hash)
    processed:{feed:card:<post_id>}:feed:<event_id>     marker of an applied post/comment event
    processed:{feed:author:<user_id>}:feed:<event_id>   marker of an applied profile event
    processed:{feed:tags}:feed:<event_id>               marker of an applied tag event

Redis Cluster: every write that must be atomic touches ONE data key plus its processed marker,
and the marker carries that key as its hash tag (`{feed:card:<id>}` hashes like the key
`feed:card:<id>`, which has no braces), so MULTI/EXEC and the single-key Lua scripts below stay
in one slot. The sorted sets are derived from the card after its write (`ix` in the card lists
the sets that hold the post) with single-key commands, never inside a transaction; readers check
each card against the feed they read, so a set member that a crash or race left behind is
skipped (and removed) rather than shown.

Card fields: post_id, author_id, topic, slug, preview_text, state, tags (JSON [{id, name}]),
published_at, updated_at (ISO 8601), score (µs), v (version = the post's updated_at in µs: a
write older than the card's is ignored, so replays and out-of-order events never resurrect a
deleted or unpublished post), ix (JSON list of the sorted sets holding it), comment_count
(published comments; changed only by comment events and rebuilds), author_login, author_name,
av (version of the author names it holds), cover_image_id (empty: none; the router fetches the
cover's placeholder and variants from media in one `_entities` call per page), reading_minutes
(posts computes it when the text is saved; 1 on events written before it), react:<KIND> (the
post's reactions of that kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from common.contracts.probes import PROBE_TAG

PREFIX = "feed"
ALL = f"{PREFIX}:z:all"
TAGS = f"{PREFIX}:tags"
CONSUMER = "feed"
PUBLISHED = "PUBLISHED"
DELETED = "DELETED"


#: Hash field prefix of the post's reaction counts (`react:LIKE` ...), changed only by
#: reaction events (+1/-1 once per event) and rebuilds.
REACTION_FIELD = "react:"


def card_key(post_id: str) -> str:
    return f"{PREFIX}:card:{post_id}"


def author_feed_key(user_id: str) -> str:
    return f"{PREFIX}:z:author:{user_id}"


def tag_feed_key(tag_id: int | str) -> str:
    return f"{PREFIX}:z:tag:{tag_id}"


def author_key(user_id: str) -> str:
    return f"{PREFIX}:author:{user_id}"


def login_key(login: str) -> str:
    """An author's login (lower case) -> user id, for the per-author feeds (syndication.py)."""
    return f"{PREFIX}:login:{login.lower()}"


def micros(value: str | dt.datetime | None) -> int:
    """µs since the epoch (exact in a Redis score: below 2**53 until the year 2255)."""
    if value is None:
        return 0
    stamp = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    delta = stamp - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


# KEYS[1] = card; ARGV[1] = version; ARGV[2..] = field, value pairs.
# Writes the fields unless the card holds a newer version. 1 = written, 0 = older, ignored.
WRITE_CARD = """
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], unpack(ARGV, 2))
return 1
"""

# KEYS[1] = card; ARGV = author version, login, display name. Only into an existing card and
# only when newer than the names it holds.
WRITE_AUTHOR_NAMES = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local current = redis.call('HGET', KEYS[1], 'av')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'av', ARGV[1], 'author_login', ARGV[2], 'author_name', ARGV[3])
return 1
"""

# KEYS[1] = author hash; ARGV = version, login, display name, deleted ('1'/'0').
WRITE_AUTHOR = """
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'login', ARGV[2], 'display_name', ARGV[3],
           'deleted', ARGV[4])
return 1
"""

# KEYS[1] = feed:tags; ARGV = tag id, version, name.
WRITE_TAG = """
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and tonumber(cjson.decode(current)['v']) > tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({name = ARGV[3], v = tonumber(ARGV[2])}))
return 1
"""


@dataclass(frozen=True)
class Card:
    """A card as stored (decoded from its hash)."""

    post_id: str
    author_id: str
    author_login: str
    author_name: str
    topic: str
    slug: str
    preview_text: str
    state: str
    tags: list[dict[str, Any]]
    comment_count: int
    published_at: str | None
    updated_at: str
    score: int
    version: int
    indexed: list[str]
    cover_image_id: str = ""
    reading_minutes: int = 1
    reactions: dict[str, int] = field(default_factory=dict)

    @property
    def tag_ids(self) -> list[int]:
        return [int(t["id"]) for t in self.tags]

    def feeds(self) -> list[str]:
        """The sorted sets a card in this state belongs to: a QA probe's post (tagged
        `PROBE_TAG`) only in its author's, out of the public lists."""
        if self.state != PUBLISHED or not self.published_at:
            return []
        if any(str(t["name"]).lower() == PROBE_TAG for t in self.tags):
            return [author_feed_key(self.author_id)]
        return [ALL, author_feed_key(self.author_id), *(tag_feed_key(t) for t in self.tag_ids)]

    def comparable(self) -> dict[str, Any]:
        """What a reader sees (for comparing two builds of the model)."""
        return {
            "post_id": self.post_id,
            "author_id": self.author_id,
            "author_login": self.author_login,
            "author_name": self.author_name,
            "topic": self.topic,
            "slug": self.slug,
            "preview_text": self.preview_text,
            "state": self.state,
            "tags": self.tags,
            "comment_count": self.comment_count,
            "published_at": self.published_at,
            "updated_at": self.updated_at,
            "cover_image_id": self.cover_image_id,
            "reading_minutes": self.reading_minutes,
            "reactions": {k: n for k, n in sorted(self.reactions.items()) if n > 0},
        }


def decode_card(raw: dict[bytes, bytes] | dict[str, str]) -> Card | None:
    """None for a missing card or one that only holds a comment count so far."""
    fields = {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v)
        for k, v in raw.items()
    }
    if "post_id" not in fields or "state" not in fields:
        return None
    return Card(
        post_id=fields["post_id"],
        author_id=fields.get("author_id", ""),
        author_login=fields.get("author_login", ""),
        author_name=fields.get("author_name", ""),
        topic=fields.get("topic", ""),
        slug=fields.get("slug", ""),
        preview_text=fields.get("preview_text", ""),
        state=fields["state"],
        tags=orjson.loads(fields.get("tags", "[]")),
        comment_count=max(0, int(fields.get("comment_count", "0"))),
        published_at=fields.get("published_at") or None,
        updated_at=fields.get("updated_at", ""),
        score=int(fields.get("score", "0")),
        version=int(fields.get("v", "0")),
        indexed=orjson.loads(fields.get("ix", "[]")),
        cover_image_id=fields.get("cover_image_id", ""),
        reading_minutes=max(1, int(fields.get("reading_minutes") or "1")),
        reactions={
            name.removeprefix(REACTION_FIELD): max(0, int(value))
            for name, value in fields.items()
            if name.startswith(REACTION_FIELD)
        },
    )


def card_fields(payload: Mapping[str, Any]) -> dict[str, str]:
    """The hash fields a post event (or a streamed card) writes; never comment_count or names."""
    pairs = sorted((int(t["id"]), str(t["name"])) for t in payload.get("tags", []))
    tags = [{"id": tag_id, "name": name} for tag_id, name in pairs]
    published = payload.get("published_at")
    return {
        "post_id": str(payload["post_id"]),
        "author_id": str(payload["author_id"]),
        "topic": str(payload.get("topic", "")),
        "slug": str(payload.get("slug", "")),
        "preview_text": str(payload.get("preview_text", "")),
        "state": str(payload["state"]),
        "tags": orjson.dumps(tags).decode(),
        "published_at": published or "",
        "updated_at": str(payload["updated_at"]),
        "score": str(micros(published)),
        "cover_image_id": str(payload.get("cover_image_id") or ""),
        "reading_minutes": str(payload.get("reading_minutes") or 1),
    }


def tag_names(raw: dict[str, str]) -> dict[int, str]:
    """Tag id -> current name, from the TAGS hash."""
    return {int(k): str(orjson.loads(v)["name"]) for k, v in raw.items()}


def with_tag_names(card: Card, names: dict[int, str]) -> Card:
    """The card with the current tag names (cards keep the names of their last post event)."""
    tags = [{"id": t["id"], "name": names.get(int(t["id"]), t["name"])} for t in card.tags]
    return replace(card, tags=tags)

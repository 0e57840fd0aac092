"""The Redis key layout of sessions (no SQL tables: the records are soft state with a TTL).

    <prefix>track:<track_id>    HASH   one record per track id
        track_id        the id itself
        first_seen      epoch seconds (float, as text) of the oldest touch
        last_seen       epoch seconds of the newest touch
        user_agent      of the newest touch that had one
        client_address  of the newest touch that had one
        user_id         the account that used the track id last (absent: only anonymous use)
        session_id      auth's refresh-session `sid` of that use (absent when unknown)
        revoked_sid     only in a tombstone (see below)
      TTL: `session_ttl_seconds`, renewed by every touch (sliding, default 30 days).

    <prefix>user:<user_id>      ZSET   the user's track ids, score = last_seen
      TTL: the same sliding TTL, renewed by every touch of that user; members whose record
      expired, was revoked or moved to another user are pruned when the set is read; the set is
      capped at `max_sessions_per_user` (oldest dropped).

Tombstone: revoking a track session replaces its hash by {track_id, revoked_sid} with a short
TTL (`revoked_tombstone_seconds`, at least the access-token lifetime), so a late touch carrying
the revoked sid (a request in flight, or an access token that is still unexpired) cannot bring
the record back. A touch with another sid (a new login on that client) starts a fresh record.

Redis restart: every record and tombstone is lost, by decision; the next request of each client
records it again (tests/sessions/test_redis_restart.py). The list is a view of activity, not an
authority: revoking a session revokes its refresh session in auth's PostgreSQL, so a lost
tombstone can at most show a revoked client in the list again while its access token lasts.

Redis Cluster: every command and every script touches exactly one key, so any key may live in
any slot; no MULTI/EXEC and no multi-key script. Pipelines are plain (transaction=False), which
redis-py's cluster client splits per node. No hash tags are needed: nothing must move together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

TRACK = "track:"
USER = "user:"
FIELDS: Final = (
    "track_id",
    "first_seen",
    "last_seen",
    "user_agent",
    "client_address",
    "user_id",
    "session_id",
)


def track_key(prefix: str, track_id: str) -> str:
    return f"{prefix}{TRACK}{track_id}"


def user_key(prefix: str, user_id: str) -> str:
    return f"{prefix}{USER}{user_id}"


#: The upsert of one track hash, atomic and single-key (cluster-safe).
#: KEYS[1] = track key; ARGV = track_id, seen_at, ttl, user_agent, client_address, user_id, sid.
#: Returns {outcome, previous user_id}; outcome is "newest" (this touch is the latest seen, its
#: fields were written), "older" (a late touch: only first_seen may move back) or "ignored"
#: (it carries a revoked sid).
TOUCH_SCRIPT: Final = """
local key = KEYS[1]
local seen = tonumber(ARGV[2])
local user, sid = ARGV[6], ARGV[7]
local revoked = redis.call('HGET', key, 'revoked_sid')
if revoked then
  if sid ~= '' and sid == revoked then
    return {'ignored', ''}
  end
  redis.call('DEL', key)
end
local previous = redis.call('HGET', key, 'user_id') or ''
local first = redis.call('HGET', key, 'first_seen')
local last = tonumber(redis.call('HGET', key, 'last_seen') or '0')
if not first then
  redis.call('HSET', key, 'track_id', ARGV[1], 'first_seen', ARGV[2])
elseif seen < tonumber(first) then
  redis.call('HSET', key, 'first_seen', ARGV[2])
end
local outcome = 'older'
if seen >= last then
  outcome = 'newest'
  redis.call('HSET', key, 'last_seen', ARGV[2])
  if ARGV[4] ~= '' then redis.call('HSET', key, 'user_agent', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('HSET', key, 'client_address', ARGV[5]) end
  if user ~= '' then
    redis.call('HSET', key, 'user_id', user)
    if sid ~= '' then
      redis.call('HSET', key, 'session_id', sid)
    else
      redis.call('HDEL', key, 'session_id')
    end
  end
end
redis.call('EXPIRE', key, tonumber(ARGV[3]))
return {outcome, previous}
"""


@dataclass(frozen=True, slots=True)
class Touch:
    """One observation of a track id (a request the router saw)."""

    track_id: str
    seen_at: float
    user_agent: str = ""
    client_address: str = ""
    user_id: str = ""
    session_id: str = ""


@dataclass(frozen=True, slots=True)
class TrackSession:
    """A live record, read back from its hash."""

    track_id: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    user_agent: str | None
    client_address: str | None
    user_id: str | None
    session_id: str | None

    @classmethod
    def from_hash(cls, values: dict[str, str]) -> TrackSession | None:
        """None for a missing hash or a tombstone."""
        if "first_seen" not in values or "last_seen" not in values:
            return None
        return cls(
            track_id=values["track_id"],
            first_seen=dt.datetime.fromtimestamp(float(values["first_seen"]), dt.UTC),
            last_seen=dt.datetime.fromtimestamp(float(values["last_seen"]), dt.UTC),
            user_agent=values.get("user_agent") or None,
            client_address=values.get("client_address") or None,
            user_id=values.get("user_id") or None,
            session_id=values.get("session_id") or None,
        )

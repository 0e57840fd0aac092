"""The domain logic of sessions: touch (upsert) track records, read them, list a user's, and
revoke one (with auth's refresh session behind it). Called by schema.py and grpc.py.

Every verb takes keyword arguments, validates its input and raises common.errors.*.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

import grpc
from redis.asyncio import Redis

from common.auth import Viewer
from common.errors import BadUserInput, NotFound
from common.grpc import app_error_from_rpc
from common.logging import get_logger
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from common.tracking import valid_track_id
from protos.indefinite.auth.v1 import auth_pb2
from subgraphs.sessions.models import TOUCH_SCRIPT, Touch, TrackSession, track_key, user_key
from subgraphs.sessions.settings import Settings

log = get_logger(__name__)

USER_AGENT_MAX = 512
CLIENT_ADDRESS_MAX = 64
SESSION_ID_MAX = 128
#: TouchMany accepts at most this many touches per call.
BATCH_MAX = 5000


def parse_track_id(value: str, *, field: str = "trackId") -> str:
    track_id = valid_track_id(value)
    if track_id is None:
        raise BadUserInput(f"{field} is not a valid track id", field=field)
    return track_id


def parse_user_id(value: str, *, field: str = "userId") -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid id", field=field) from exc


def _printable(value: str, limit: int) -> str:
    return "".join(ch for ch in value[:limit] if ch.isprintable())


def clean_touch(touch: Touch) -> Touch:
    """The touch with validated ids and bounded free text; raises BadUserInput."""
    user_id = str(parse_user_id(touch.user_id, field="user_id")) if touch.user_id else ""
    session_id = _printable(touch.session_id, SESSION_ID_MAX) if user_id else ""
    return Touch(
        track_id=parse_track_id(touch.track_id, field="track_id"),
        seen_at=touch.seen_at if touch.seen_at > 0 else time.time(),
        user_agent=_printable(touch.user_agent, USER_AGENT_MAX),
        client_address=_printable(touch.client_address, CLIENT_ADDRESS_MAX),
        user_id=user_id,
        session_id=session_id,
    )


class SessionsService:
    def __init__(self, *, settings: Settings, redis: Redis, auth: Any) -> None:
        """`auth` is an AuthService gRPC stub (revoking refresh sessions)."""
        self.settings = settings
        self.redis = redis
        self.auth = auth
        self.prefix = settings.redis_key_prefix
        self.ttl = settings.session_ttl_seconds
        self._touch = redis.register_script(TOUCH_SCRIPT)

    # ---- writes ------------------------------------------------------------------------------

    async def touch(self, touch: Touch) -> None:
        await self._apply([clean_touch(touch)])

    async def touch_many(self, touches: Sequence[Touch]) -> tuple[int, int]:
        """Apply the valid touches; returns (applied, rejected)."""
        if len(touches) > BATCH_MAX:
            raise BadUserInput(f"at most {BATCH_MAX} touches per call", field="touches")
        clean: list[Touch] = []
        for touch in touches:
            try:
                clean.append(clean_touch(touch))
            except BadUserInput:
                continue
        await self._apply(clean)
        return len(clean), len(touches) - len(clean)

    async def _apply(self, touches: Sequence[Touch]) -> None:
        """Two round trips for any number of touches: the hash upserts, then the user indexes."""
        if not touches:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for t in touches:
                await self._touch(
                    keys=[track_key(self.prefix, t.track_id)],
                    args=[
                        t.track_id,
                        repr(t.seen_at),
                        self.ttl,
                        t.user_agent,
                        t.client_address,
                        t.user_id,
                        t.session_id,
                    ],
                    client=pipe,
                )
            outcomes: list[list[str]] = await pipe.execute()
        cap = self.settings.max_sessions_per_user
        async with self.redis.pipeline(transaction=False) as pipe:
            for t, (outcome, previous) in zip(touches, outcomes, strict=True):
                if outcome == "ignored" or not t.user_id:
                    continue
                key = user_key(self.prefix, t.user_id)
                pipe.zadd(key, {t.track_id: t.seen_at}, gt=True)
                pipe.zremrangebyrank(key, 0, -(cap + 1))
                pipe.expire(key, self.ttl)
                if outcome == "newest" and previous and previous != t.user_id:
                    pipe.zrem(user_key(self.prefix, previous), t.track_id)
            await pipe.execute()

    # ---- reads -------------------------------------------------------------------------------

    async def get(self, *, track_id: str) -> TrackSession:
        key = track_key(self.prefix, parse_track_id(track_id))
        values: dict[str, str] = await self.redis.hgetall(key)  # type: ignore[assignment]
        found = TrackSession.from_hash(values)
        if found is None:
            raise NotFound("No such session")
        return found

    async def list_for_user(self, *, user_id: str, limit: int = 0) -> list[TrackSession]:
        """The user's live records, most recently seen first; prunes stale index entries."""
        user = str(parse_user_id(user_id))
        cap = self.settings.max_sessions_per_user
        limit = cap if limit <= 0 else min(limit, cap)
        key = user_key(self.prefix, user)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(key, "-inf", f"({time.time() - self.ttl}")
            pipe.zrevrange(key, 0, cap - 1)
            _, members = await pipe.execute()
        if not members:
            return []
        async with self.redis.pipeline(transaction=False) as pipe:
            for member in members:
                pipe.hgetall(track_key(self.prefix, member))
            hashes: list[dict[str, str]] = await pipe.execute()
        found: list[TrackSession] = []
        stale: list[str] = []
        for member, values in zip(members, hashes, strict=True):
            record = TrackSession.from_hash(values)
            if record is None or record.user_id != user:
                stale.append(member)  # expired, revoked, or now used by someone else
            else:
                found.append(record)
        if stale:
            await self.redis.zrem(key, *stale)
        found.sort(key=lambda s: (-s.last_seen.timestamp(), s.track_id))
        return found[:limit]

    async def viewer_page(
        self, viewer: Viewer, *, first: int | None, after: str | None
    ) -> Page[TrackSession]:
        """The viewer's records after the cursor, most recently seen first."""
        size = page_size(first)
        records = await self.list_for_user(user_id=str(viewer.user_id))
        if after is not None:
            last_seen, track_id = decode_cursor(after, 2)
            if not isinstance(last_seen, int | float) or not isinstance(track_id, str):
                raise BadUserInput("Invalid cursor", argument="after")
            position = (-float(last_seen), track_id)
            records = [r for r in records if (-r.last_seen.timestamp(), r.track_id) > position]
        rows = [
            (encode_cursor(r.last_seen.timestamp(), r.track_id), r) for r in records[: size + 1]
        ]
        return Page.from_rows(rows, size)

    # ---- revoke ------------------------------------------------------------------------------

    async def revoke(self, viewer: Viewer, *, track_id: str) -> None:
        """Forget one of the viewer's track records and end auth's refresh session behind it.
        Another user's (or an unknown) track id is NOT_FOUND."""
        record = await self.get(track_id=track_id)
        user = str(viewer.user_id)
        if record.user_id != user:
            raise NotFound("No such session")
        if record.session_id:
            await self._revoke_login(user_id=user, session_id=record.session_id)
        key = track_key(self.prefix, record.track_id)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.delete(key)
            if record.session_id:
                pipe.hset(
                    key,
                    mapping={"track_id": record.track_id, "revoked_sid": record.session_id},
                )
                pipe.expire(key, self.settings.revoked_tombstone_seconds)
            pipe.zrem(user_key(self.prefix, user), record.track_id)
            await pipe.execute()
        log.info("track session revoked", revoked_track_id=record.track_id, user_id=user)

    async def _revoke_login(self, *, user_id: str, session_id: str) -> None:
        try:
            uuid.UUID(session_id)
        except ValueError:
            log.warning("track session has a sid auth cannot know", sid=session_id)
            return
        request = auth_pb2.RevokeSessionRequest(session_id=session_id, user_id=user_id)
        try:
            reply = await self.auth.RevokeSession(
                request, timeout=self.settings.grpc_timeout_seconds
            )
        except grpc.aio.AioRpcError as exc:
            log.warning("auth RevokeSession failed", code=str(exc.code()), sid=session_id)
            raise app_error_from_rpc(exc) from exc
        log.info("auth session revoked", sid=session_id, was_live=reply.revoked)

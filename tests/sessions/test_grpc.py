"""The gRPC face over real Redis: Touch / TouchMany / GetSession / ListUserSessions round trips,
the key layout and TTLs of models.py, validation, and the per-user index."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from protos.indefinite.sessions.v1 import sessions_pb2
from tests.sessions.support import Sessions, new_track_id, sessions_service
from tests.support.tokens import SigningKeys

TTL = 3600


@pytest.fixture(scope="module")
async def sessions() -> AsyncIterator[Sessions]:
    async with sessions_service(
        SigningKeys().verifier(), session_ttl_seconds=TTL, max_sessions_per_user=5
    ) as running:
        yield running


def at(seconds: float) -> Timestamp:
    stamp = Timestamp()
    stamp.FromNanoseconds(int(seconds * 1e9))
    return stamp


def touch(track_id: str, seen: float, **fields: str) -> sessions_pb2.TouchRequest:
    return sessions_pb2.TouchRequest(track_id=track_id, seen_at=at(seen), **fields)


def seconds(stamp: Timestamp) -> float:
    return stamp.ToNanoseconds() / 1e9


async def test_touch_upserts_idempotently_and_keeps_first_seen(sessions: Sessions) -> None:
    track, user, now = new_track_id(), str(uuid.uuid4()), time.time()
    first = touch(
        track, now - 10, user_agent="UA/1", client_address="10.0.0.1", user_id=user, session_id="s1"
    )
    await sessions.stub.Touch(first)
    await sessions.stub.Touch(first)  # a replay changes nothing
    got = await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
    assert (got.track_id, got.user_agent, got.client_address, got.user_id, got.session_id) == (
        track,
        "UA/1",
        "10.0.0.1",
        user,
        "s1",
    )
    assert seconds(got.first_seen) == pytest.approx(now - 10, abs=1e-3)
    assert seconds(got.last_seen) == pytest.approx(now - 10, abs=1e-3)

    # a newer touch moves last_seen and the fields; empty fields keep what is stored
    await sessions.stub.Touch(touch(track, now, user_agent="UA/2", user_id=user, session_id="s1"))
    # a late (older) touch moves neither last_seen nor the fields, only first_seen back
    await sessions.stub.Touch(touch(track, now - 20, user_agent="UA/old", user_id=user))
    got = await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
    assert (got.user_agent, got.client_address, got.session_id) == ("UA/2", "10.0.0.1", "s1")
    assert seconds(got.last_seen) == pytest.approx(now, abs=1e-3)
    assert seconds(got.first_seen) == pytest.approx(now - 20, abs=1e-3)


async def test_touch_without_seen_at_is_now_and_anonymous_has_no_user(sessions: Sessions) -> None:
    track = new_track_id()
    before = time.time()
    await sessions.stub.Touch(sessions_pb2.TouchRequest(track_id=track, user_agent="curl"))
    got = await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
    assert before - 1 <= seconds(got.last_seen) <= time.time() + 1
    assert (got.user_id, got.session_id, got.user_agent) == ("", "", "curl")


async def test_key_layout_and_sliding_ttls(sessions: Sessions) -> None:
    track, user = new_track_id(), str(uuid.uuid4())
    await sessions.stub.Touch(touch(track, time.time(), user_id=user, session_id="s"))
    prefix = sessions.settings.redis_key_prefix
    track_key, user_key = f"{prefix}track:{track}", f"{prefix}user:{user}"
    assert {track_key, user_key} <= set(await sessions.keys())
    assert await sessions.redis.type(track_key) == "hash"
    assert await sessions.redis.type(user_key) == "zset"
    for key in (track_key, user_key):
        await sessions.redis.expire(key, 10)
    await sessions.stub.Touch(touch(track, time.time(), user_id=user))
    for key in (track_key, user_key):
        assert TTL - 5 <= await sessions.redis.ttl(key) <= TTL  # renewed by the touch


async def test_touch_many_applies_valid_touches_and_lists_newest_first(sessions: Sessions) -> None:
    user, now = str(uuid.uuid4()), time.time()
    tracks = [new_track_id() for _ in range(3)]
    reply = await sessions.stub.TouchMany(
        sessions_pb2.TouchManyRequest(
            touches=[
                touch(tracks[0], now - 30, user_id=user, user_agent="a"),
                touch(tracks[1], now - 10, user_id=user, user_agent="b"),
                touch("bad id!", now, user_id=user),
                touch(tracks[2], now - 20, user_id=user, user_agent="c"),
                touch(new_track_id(), now, user_id="not-a-uuid"),
            ]
        )
    )
    assert (reply.applied, reply.rejected) == (3, 2)
    listed = await sessions.stub.ListUserSessions(
        sessions_pb2.ListUserSessionsRequest(user_id=user)
    )
    assert [s.track_id for s in listed.sessions] == [tracks[1], tracks[2], tracks[0]]
    assert [s.user_agent for s in listed.sessions] == ["b", "c", "a"]
    limited = await sessions.stub.ListUserSessions(
        sessions_pb2.ListUserSessionsRequest(user_id=user, limit=2)
    )
    assert [s.track_id for s in limited.sessions] == [tracks[1], tracks[2]]
    empty = await sessions.stub.ListUserSessions(
        sessions_pb2.ListUserSessionsRequest(user_id=str(uuid.uuid4()))
    )
    assert list(empty.sessions) == []


async def test_a_track_id_moves_to_the_user_who_used_it_last(sessions: Sessions) -> None:
    track, alice, bob, now = new_track_id(), str(uuid.uuid4()), str(uuid.uuid4()), time.time()
    await sessions.stub.Touch(touch(track, now - 5, user_id=alice, session_id="sa"))
    await sessions.stub.Touch(touch(track, now, user_id=bob, session_id="sb"))
    # anonymous use afterwards keeps bob as the last user
    await sessions.stub.Touch(touch(track, now + 1))

    def listing(user: str) -> sessions_pb2.ListUserSessionsRequest:
        return sessions_pb2.ListUserSessionsRequest(user_id=user)

    assert [s.track_id for s in (await sessions.stub.ListUserSessions(listing(bob))).sessions] == [
        track
    ]
    assert list((await sessions.stub.ListUserSessions(listing(alice))).sessions) == []
    got = await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
    assert (got.user_id, got.session_id) == (bob, "sb")


async def test_the_user_index_is_capped_and_pruned(sessions: Sessions) -> None:
    user, now = str(uuid.uuid4()), time.time()
    tracks = [new_track_id() for _ in range(7)]
    await sessions.stub.TouchMany(
        sessions_pb2.TouchManyRequest(
            touches=[touch(t, now - 100 + i, user_id=user) for i, t in enumerate(tracks)]
        )
    )
    user_key = f"{sessions.settings.redis_key_prefix}user:{user}"
    assert await sessions.redis.zcard(user_key) == 5  # max_sessions_per_user
    # a record that expired (here: deleted) disappears from the list and from the index
    await sessions.redis.delete(f"{sessions.settings.redis_key_prefix}track:{tracks[-1]}")
    listed = await sessions.stub.ListUserSessions(
        sessions_pb2.ListUserSessionsRequest(user_id=user)
    )
    assert [s.track_id for s in listed.sessions] == tracks[-2:-6:-1]
    assert await sessions.redis.zcard(user_key) == 4


async def test_invalid_input_and_unknown_ids(sessions: Sessions) -> None:
    cases = [
        sessions.stub.Touch(sessions_pb2.TouchRequest(track_id="short")),
        sessions.stub.Touch(sessions_pb2.TouchRequest(track_id=new_track_id(), user_id="x")),
        sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id="")),
        sessions.stub.ListUserSessions(sessions_pb2.ListUserSessionsRequest(user_id="nope")),
    ]
    for call in cases:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await call
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=new_track_id()))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND

"""myTrackSessions and revokeSession over HTTP: sign-in required, only the viewer's own track
ids, `current` from X-Track-Id, cursor pagination, NOT_FOUND for others' sessions, and a
revoke that keeps the record when auth cannot be reached."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import pytest

from protos.indefinite.sessions.v1 import sessions_pb2
from tests.sessions.support import (
    MY_SESSIONS,
    REVOKE,
    Sessions,
    error_code,
    new_track_id,
    sessions_service,
)
from tests.support.tokens import SigningKeys

KEYS = SigningKeys()


@pytest.fixture(scope="module")
async def sessions() -> AsyncIterator[Sessions]:
    # auth_target: nothing listens there, so a revoke that needs auth fails
    async with sessions_service(KEYS.verifier()) as running:
        yield running


async def seen(sessions: Sessions, track_id: str, user: uuid.UUID, sid: str, ago: float) -> None:
    await sessions.stub.Touch(
        sessions_pb2.TouchRequest(
            track_id=track_id,
            user_id=str(user),
            session_id=sid,
            user_agent=f"agent-{track_id[-4:]}",
            client_address="192.0.2.7",
            seen_at={"seconds": int(time.time() - ago)},
        )
    )


async def test_signed_in_viewers_only(sessions: Sessions) -> None:
    assert error_code(await sessions.gql(MY_SESSIONS)) == "UNAUTHENTICATED"
    assert error_code(await sessions.gql(REVOKE, {"id": new_track_id()})) == "UNAUTHENTICATED"
    bad_token = await sessions.gql(MY_SESSIONS, token="not.a.token")
    assert error_code(bad_token) == "UNAUTHENTICATED"


async def test_my_track_sessions_lists_the_viewers_own_newest_first(sessions: Sessions) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    laptop, phone, bobs = new_track_id(), new_track_id(), new_track_id()
    await seen(sessions, laptop, alice, "sid-laptop", ago=60)
    await seen(sessions, phone, alice, "sid-phone", ago=5)
    await seen(sessions, bobs, bob, "sid-bob", ago=1)
    token = KEYS.mint(user_id=alice)

    body = await sessions.gql(MY_SESSIONS, token=token, track_id=laptop)
    edges = body["data"]["myTrackSessions"]["edges"]
    assert [e["node"]["trackId"] for e in edges] == [phone, laptop]
    assert [e["node"]["current"] for e in edges] == [False, True]
    node = edges[1]["node"]
    assert node["userAgent"] == f"agent-{laptop[-4:]}"
    assert node["clientAddress"] == "192.0.2.7"
    assert node["firstSeen"] == node["lastSeen"]

    page = await sessions.gql(MY_SESSIONS, {"first": 1}, token=token)
    connection = page["data"]["myTrackSessions"]
    assert [e["node"]["trackId"] for e in connection["edges"]] == [phone]
    assert connection["pageInfo"]["hasNextPage"] is True
    after = connection["pageInfo"]["endCursor"]
    rest = await sessions.gql(MY_SESSIONS, {"first": 1, "after": after}, token=token)
    assert [e["node"]["trackId"] for e in rest["data"]["myTrackSessions"]["edges"]] == [laptop]
    assert rest["data"]["myTrackSessions"]["pageInfo"] == {
        "hasNextPage": False,
        "endCursor": rest["data"]["myTrackSessions"]["edges"][0]["cursor"],
    }

    for variables in ({"first": 0}, {"first": 101}, {"after": "garbage"}):
        assert error_code(await sessions.gql(MY_SESSIONS, variables, token=token)) == (
            "BAD_USER_INPUT"
        )
    nobody = await sessions.gql(MY_SESSIONS, token=KEYS.mint())
    assert nobody["data"]["myTrackSessions"]["edges"] == []


async def test_revoke_only_the_viewers_own_sessions(sessions: Sessions) -> None:
    alice, bob = uuid.uuid4(), uuid.uuid4()
    mine, theirs = new_track_id(), new_track_id()
    # a sid auth cannot have issued (not a UUID): nothing to revoke at auth
    await seen(sessions, mine, alice, "test-session", ago=3)
    await seen(sessions, theirs, bob, "test-session", ago=3)
    token = KEYS.mint(user_id=alice)

    assert error_code(await sessions.gql(REVOKE, {"id": theirs}, token=token)) == "NOT_FOUND"
    assert error_code(await sessions.gql(REVOKE, {"id": new_track_id()}, token=token)) == (
        "NOT_FOUND"
    )
    assert error_code(await sessions.gql(REVOKE, {"id": "x"}, token=token)) == "BAD_USER_INPUT"
    bobs = await sessions.gql(MY_SESSIONS, token=KEYS.mint(user_id=bob))
    assert [e["node"]["trackId"] for e in bobs["data"]["myTrackSessions"]["edges"]] == [theirs]

    assert (await sessions.gql(REVOKE, {"id": mine}, token=token))["data"] == {
        "revokeSession": True
    }
    left = await sessions.gql(MY_SESSIONS, token=token)
    assert left["data"]["myTrackSessions"]["edges"] == []
    assert error_code(await sessions.gql(REVOKE, {"id": mine}, token=token)) == "NOT_FOUND"


async def test_revoke_keeps_the_record_when_auth_is_unreachable(sessions: Sessions) -> None:
    alice = uuid.uuid4()
    track = new_track_id()
    await seen(sessions, track, alice, str(uuid.uuid4()), ago=2)
    token = KEYS.mint(user_id=alice)
    body = await sessions.gql(REVOKE, {"id": track}, token=token)
    assert error_code(body) == "INTERNAL"
    assert body["errors"][0]["message"] == "Internal server error"
    still = await sessions.gql(MY_SESSIONS, token=token)
    assert [e["node"]["trackId"] for e in still["data"]["myTrackSessions"]["edges"]] == [track]

"""What a Redis restart does to track sessions (subgraphs/sessions/models.py): they are soft
state and are lost, by decision. The service keeps answering; a track id is unknown until its
client's next request records it again (with a new first_seen)."""

from __future__ import annotations

import time
import uuid

import grpc
import pytest

from protos.indefinite.sessions.v1 import sessions_pb2
from tests.sessions.support import new_track_id, sessions_service
from tests.sessions.test_grpc import seconds, touch
from tests.support.redis_server import redis_server
from tests.support.tokens import SigningKeys


async def test_a_redis_restart_forgets_track_sessions_until_their_next_request() -> None:
    async with (
        redis_server() as server,
        sessions_service(SigningKeys().verifier(), redis_url=server.url) as sessions,
    ):
        track, user, now = new_track_id(), str(uuid.uuid4()), time.time()
        await sessions.stub.Touch(touch(track, now - 60, user_id=user, session_id="s1"))
        await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))

        await server.restart()
        with pytest.raises(grpc.aio.AioRpcError) as forgotten:
            await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
        assert forgotten.value.code() == grpc.StatusCode.NOT_FOUND

        await sessions.stub.Touch(touch(track, now, user_id=user, session_id="s1"))
        found = await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track))
        assert seconds(found.first_seen) == pytest.approx(now, abs=1e-3)
        listed = await sessions.stub.ListUserSessions(
            sessions_pb2.ListUserSessionsRequest(user_id=user)
        )
        assert [s.track_id for s in listed.sessions] == [track]

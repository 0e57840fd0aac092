"""The internal gRPC face (protos/indefinite/sessions/v1/sessions.proto): the router reports
activity with TouchMany; services read track records with GetSession / ListUserSessions.

AppErrors raised here become statuses in common.grpc's interceptor: BadUserInput ->
INVALID_ARGUMENT, NotFound -> NOT_FOUND.
"""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from common.grpc import Register
from protos.indefinite.sessions.v1 import sessions_pb2, sessions_pb2_grpc
from subgraphs.sessions.models import Touch, TrackSession
from subgraphs.sessions.service import SessionsService

Context = grpc.aio.ServicerContext[Any, Any]


def to_touch(request: sessions_pb2.TouchRequest) -> Touch:
    seen_at = 0.0
    if request.HasField("seen_at"):
        seen_at = request.seen_at.seconds + request.seen_at.nanos / 1e9
    return Touch(
        track_id=request.track_id,
        seen_at=seen_at,
        user_agent=request.user_agent,
        client_address=request.client_address,
        user_id=request.user_id,
        session_id=request.session_id,
    )


def to_message(record: TrackSession) -> sessions_pb2.Session:
    first_seen, last_seen = Timestamp(), Timestamp()
    first_seen.FromDatetime(record.first_seen)
    last_seen.FromDatetime(record.last_seen)
    return sessions_pb2.Session(
        track_id=record.track_id,
        first_seen=first_seen,
        last_seen=last_seen,
        user_agent=record.user_agent or "",
        client_address=record.client_address or "",
        user_id=record.user_id or "",
        session_id=record.session_id or "",
    )


class SessionsServicer(sessions_pb2_grpc.SessionsServiceServicer):
    def __init__(self, service: SessionsService) -> None:
        self.service = service

    async def Touch(
        self, request: sessions_pb2.TouchRequest, context: Context
    ) -> sessions_pb2.TouchResponse:
        await self.service.touch(to_touch(request))
        return sessions_pb2.TouchResponse()

    async def TouchMany(
        self, request: sessions_pb2.TouchManyRequest, context: Context
    ) -> sessions_pb2.TouchManyResponse:
        applied, rejected = await self.service.touch_many([to_touch(t) for t in request.touches])
        return sessions_pb2.TouchManyResponse(applied=applied, rejected=rejected)

    async def GetSession(
        self, request: sessions_pb2.GetSessionRequest, context: Context
    ) -> sessions_pb2.Session:
        return to_message(await self.service.get(track_id=request.track_id))

    async def ListUserSessions(
        self, request: sessions_pb2.ListUserSessionsRequest, context: Context
    ) -> sessions_pb2.ListUserSessionsResponse:
        records = await self.service.list_for_user(user_id=request.user_id, limit=request.limit)
        return sessions_pb2.ListUserSessionsResponse(sessions=[to_message(r) for r in records])


def registration(service: SessionsService) -> Register:
    """The `ServiceApp.grpc` callback that adds the sessions servicer to a server."""

    def add(server: grpc.aio.Server) -> None:
        sessions_pb2_grpc.add_SessionsServiceServicer_to_server(  # type: ignore[no-untyped-call]
            SessionsServicer(service), server
        )

    return add

"""The sessions process: GraphQL on HTTP 4005, gRPC on 50056, Redis behind both, and a gRPC
client of auth (revoking the login behind a track session)."""

from __future__ import annotations

import grpc
from redis.asyncio import Redis

from common.auth import TokenVerifier
from common.graphql import GraphQLApp
from common.grpc import client_channel
from common.redis import connect
from common.service import ServiceApp
from protos.indefinite.auth.v1 import auth_pb2_grpc
from subgraphs.sessions.grpc import registration
from subgraphs.sessions.schema import schema
from subgraphs.sessions.service import SessionsService
from subgraphs.sessions.settings import Settings


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    if verifier is None:
        verifier = TokenVerifier.from_settings(settings)
    redis: Redis = connect(settings.redis_url, decode_responses=True)
    auth_channel: grpc.aio.Channel = client_channel(
        settings.auth_grpc_target, timeout=settings.grpc_timeout_seconds
    )
    service = SessionsService(
        settings=settings,
        redis=redis,
        auth=auth_pb2_grpc.AuthServiceStub(auth_channel),  # type: ignore[no-untyped-call]
    )

    async def ping_redis() -> None:
        await redis.ping()

    async def stop() -> None:
        await auth_channel.close(None)
        await redis.aclose()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=service, verifier=verifier),
        readiness={"redis": ping_redis},
        grpc=[registration(service)],
        on_stop=[stop],
    )

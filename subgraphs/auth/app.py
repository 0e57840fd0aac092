"""The auth service wired together: GraphQL + JWKS over HTTP, AuthService over gRPC, PostgreSQL
(migrated on start), Redis (login throttling), the profiles gRPC client."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import grpc
from redis.asyncio import Redis
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from common.auth import TokenVerifier
from common.db import Database
from common.events import Kafka, OutboxRelay
from common.graphql import GraphQLApp
from common.grpc import client_channel
from common.logging import get_logger
from common.migrations import upgrade
from common.redis import connect
from common.revocation import RevocationList
from common.service import ServiceApp
from protos.indefinite.profiles.v1 import profiles_pb2_grpc
from subgraphs.auth.events import EMAIL_TOPIC, USER_TOPIC
from subgraphs.auth.grpc import register
from subgraphs.auth.keys import Signer, load_signing_key
from subgraphs.auth.models import outbox
from subgraphs.auth.registration import load_allow_list
from subgraphs.auth.schema import AuthState, schema
from subgraphs.auth.service import AuthService
from subgraphs.auth.settings import Settings
from subgraphs.auth.throttle import EmailQuota, LoginThrottle

MIGRATIONS = Path(__file__).parent / "migrations"
PUBLISHED_TOPICS = (USER_TOPIC, EMAIL_TOPIC)
log = get_logger(__name__)
JWKS_PATH = "/.well-known/jwks.json"


async def migrate(settings: Settings) -> None:
    await upgrade(MIGRATIONS, settings.database_url)


class Stores:
    """The connections a running auth holds (opened in on_start, closed in on_stop)."""

    def __init__(self, settings: Settings) -> None:
        self.db = Database(settings.database_url)
        self.redis: Redis = connect(settings.redis_url)
        self.profiles_channel: grpc.aio.Channel = client_channel(
            settings.profiles_grpc_target, timeout=settings.grpc_timeout_seconds
        )

    async def close(self) -> None:
        await self.profiles_channel.close(None)
        await self.redis.aclose()
        await self.db.close()


def build_service(settings: Settings, stores: Stores, signer: Signer) -> AuthService:
    return AuthService(
        settings=settings,
        db=stores.db,
        throttle=LoginThrottle(
            redis=stores.redis,
            max_per_account=settings.login_max_failures_per_account,
            max_per_address=settings.login_max_failures_per_address,
            window_seconds=settings.login_failure_window_seconds,
        ),
        email_quota=EmailQuota(
            redis=stores.redis,
            max_per_window=settings.email_max_sends_per_window,
            window_seconds=settings.email_send_window_seconds,
        ),
        signer=signer,
        profiles=profiles_pb2_grpc.ProfilesServiceStub(  # type: ignore[no-untyped-call]
            stores.profiles_channel
        ),
        allow_list=load_allow_list(settings),
        revocations=RevocationList(stores.redis),
    )


def create_app(settings: Settings, *, verifier: TokenVerifier | None = None) -> ServiceApp:
    """Refuses to build without a signing key in production (see keys.load_signing_key)."""
    signer = Signer(load_signing_key(settings), settings)
    stores = Stores(settings)
    service = build_service(settings, stores, signer)

    async def jwks(_request: Request) -> JSONResponse:
        return JSONResponse(signer.public_jwks, headers={"Cache-Control": "public, max-age=300"})

    # The outbox relay publishes auth.user.v1 / auth.email.v1 to Kafka when a broker is
    # configured; without one the events wait in the outbox table.
    kafka = Kafka.from_settings(settings) if settings.kafka_bootstrap_servers else None
    relay = (
        OutboxRelay(stores.db, outbox, kafka.producer, service=settings.service_name)
        if kafka is not None
        else None
    )

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        if kafka is not None and relay is not None:
            # A broker that is late is no reason not to start: the relay retries.
            try:
                await kafka.ensure_topics(PUBLISHED_TOPICS, with_dlq=False)
            except Exception as exc:
                log.warning("could not create auth's topics", error=str(exc))
            await relay.start()

    async def stop() -> None:
        if relay is not None:
            await relay.stop()
        await stores.close()

    async def ping_redis() -> None:
        await stores.redis.ping()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(
            schema,
            state=AuthState(service=service),
            verifier=verifier or signer.verifier(RevocationList(stores.redis)),
        ),
        readiness={"postgres": stores.db.ping, "redis": ping_redis},
        grpc=[register(service)],
        routes=[Route(JWKS_PATH, jwks, methods=["GET"])],
        on_start=[start],
        on_stop=[stop],
    )


@asynccontextmanager
async def standalone_service(settings: Settings) -> AsyncIterator[AuthService]:
    """An AuthService with its own stores, outside a running server (commands, dev runner)."""
    signer = Signer(load_signing_key(settings), settings)
    stores = Stores(settings)
    try:
        yield build_service(settings, stores, signer)
    finally:
        await stores.close()


async def create_owner(settings: Settings, *, email: str, password: str, login: str) -> uuid.UUID:
    """Make sure a CONFIRMED OWNER with this email exists (migrating first); returns its id.
    The profile is created through profiles gRPC, which must be running."""
    await migrate(settings)
    async with standalone_service(settings) as service:
        account = await service.registration.create_owner(
            email=email, password=password, login=login
        )
    return account.id

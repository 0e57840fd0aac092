"""The profiles process: GraphQL on HTTP 4002, gRPC on 50053, PostgreSQL behind both."""

from __future__ import annotations

from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.events import OutboxRelay
from common.graphql import GraphQLApp
from common.media import MediaClient
from common.migrations import upgrade
from common.service import ServiceApp
from subgraphs.profiles.grpc import registration
from subgraphs.profiles.models import outbox
from subgraphs.profiles.phones import CodePolicy, PhoneService
from subgraphs.profiles.schema import schema
from subgraphs.profiles.service import ProfileService
from subgraphs.profiles.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


async def migrate(settings: Settings) -> None:
    """Bring the database to the newest revision (creating the database if missing)."""
    await upgrade(MIGRATIONS_DIR, settings.database_url)


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    if verifier is None:
        verifier = TokenVerifier.from_settings(settings)
    db = Database(settings.database_url)
    media = MediaClient(settings.media_grpc_target, timeout=settings.grpc_timeout_seconds)
    phones = PhoneService(db, CodePolicy.from_settings(settings))
    service = ProfileService(db, media, phones=phones)
    # The outbox relay publishes profiles.user.v1 and profiles.phone.v1 to Kafka when a broker
    # is configured; without one the events wait in the outbox table.
    relay = OutboxRelay.for_service(settings, db, outbox)

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        if relay is not None:
            await relay.start()

    async def stop() -> None:
        if relay is not None:
            await relay.stop()
        await media.close()
        await db.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=service, verifier=verifier),
        readiness={"postgres": db.ping},
        grpc=[registration(service)],
        on_start=[start],
        on_stop=[stop],
    )

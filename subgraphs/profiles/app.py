"""The profiles process: GraphQL on HTTP 4002, gRPC on 50053, PostgreSQL behind both."""

from __future__ import annotations

from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.graphql import GraphQLApp
from common.migrations import upgrade
from common.service import ServiceApp
from subgraphs.profiles.grpc import registration
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
        verifier = TokenVerifier(
            jwks_url=settings.jwks_url, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
    db = Database(settings.database_url)
    service = ProfileService(db)

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)

    async def stop() -> None:
        await db.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=service, verifier=verifier),
        readiness={"postgres": db.ping},
        grpc=[registration(service)],
        on_start=[start],
        on_stop=[stop],
    )

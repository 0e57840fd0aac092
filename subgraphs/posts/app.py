"""The posts process: GraphQL over HTTP, the gRPC servicer, and its PostgreSQL database
(migrated on start unless MIGRATE_ON_START=false)."""

from __future__ import annotations

from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.graphql import GraphQLApp
from common.migrations import upgrade
from common.service import ServiceApp
from subgraphs.posts import grpc as posts_grpc
from subgraphs.posts.schema import PostsState, schema
from subgraphs.posts.service import PostsService
from subgraphs.posts.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


async def migrate(settings: Settings) -> None:
    await upgrade(MIGRATIONS, settings.database_url)


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    verifier = verifier or TokenVerifier(
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks_url=settings.jwks_url
    )
    db = Database(settings.database_url)
    service = PostsService(db, settings)

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        await db.ping()

    async def stop() -> None:
        await db.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=PostsState(service=service), verifier=verifier),
        readiness={"postgres": db.ping},
        grpc=[posts_grpc.register(service)],
        on_start=[start],
        on_stop=[stop],
    )

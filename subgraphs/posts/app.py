"""The posts process: GraphQL over HTTP, the gRPC servicer, and its PostgreSQL database
(migrated on start unless MIGRATE_ON_START=false)."""

from __future__ import annotations

from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.events import OutboxRelay
from common.graphql import GraphQLApp
from common.live import Live
from common.media import MediaClient
from common.migrations import upgrade
from common.redis import connect
from common.service import ServiceApp
from subgraphs.posts import grpc as posts_grpc
from subgraphs.posts.models import outbox
from subgraphs.posts.scheduler import Scheduler
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
    verifier = verifier or TokenVerifier.from_settings(settings)
    db = Database(settings.database_url)
    media = MediaClient(settings.media_grpc_target, timeout=settings.grpc_timeout_seconds)
    # commentAdded: published comments announced on Redis pub/sub after their commit
    live = Live(connect(settings.redis_url))
    service = PostsService(db, settings, media, live)
    # The outbox relay publishes posts.post.v1 / posts.comment.v1 / posts.tag.v1 to Kafka when a
    # broker is configured; without one the events wait in the outbox table.
    relay = OutboxRelay.for_service(settings, db, outbox)
    scheduler = Scheduler(
        db, interval=settings.scheduler_poll_seconds, batch=settings.scheduler_batch
    )

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        await db.ping()
        if relay is not None:
            await relay.start()
        if settings.scheduler_poll_seconds > 0:
            await scheduler.start()

    async def stop() -> None:
        await scheduler.stop()
        if relay is not None:
            await relay.stop()
        await media.close()
        await live.aclose()
        await db.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=PostsState(service=service), verifier=verifier),
        readiness={"postgres": db.ping},
        grpc=[posts_grpc.register(service)],
        on_start=[start],
        on_stop=[stop],
    )

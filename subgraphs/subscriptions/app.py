"""The subscriptions process: GraphQL on HTTP 4007 (+ the one-click unsubscribe endpoint), gRPC
on 50058, PostgreSQL; with a broker, the outbox relay, the consumer (group "subscriptions") and
the fan-out job runner."""

from __future__ import annotations

import asyncio
from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.events import EventConsumer, Kafka, OutboxRelay, once_in_postgres
from common.graphql import GraphQLApp
from common.logging import get_logger
from common.migrations import upgrade
from common.service import ServiceApp
from subgraphs.subscriptions import unsubscribe
from subgraphs.subscriptions.events import TOPICS, SubscriptionsHandler
from subgraphs.subscriptions.fanout import FanoutWriter, JobRunner
from subgraphs.subscriptions.grpc import registration
from subgraphs.subscriptions.loaders import SubscriptionsState
from subgraphs.subscriptions.models import outbox, processed
from subgraphs.subscriptions.schema import schema
from subgraphs.subscriptions.service import SubscriptionsService
from subgraphs.subscriptions.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
log = get_logger(__name__)


async def migrate(settings: Settings) -> None:
    await upgrade(MIGRATIONS, settings.database_url)


def job_runner(settings: Settings, db: Database, service: SubscriptionsService) -> JobRunner:
    writer = FanoutWriter(service.signer, service.unsubscribe_url, settings.fanout_batch)
    return JobRunner(db, writer, idle_seconds=settings.fanout_idle_seconds)


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    verifier = verifier or TokenVerifier.from_settings(settings)
    db = Database(settings.database_url)
    service = SubscriptionsService(db, settings)
    # one wave per batch (every request has its own key): bigger batches, fewer round trips
    relay = OutboxRelay.for_service(settings, db, outbox, batch_size=settings.fanout_batch)
    runner = job_runner(settings, db, service)
    consumer = (
        EventConsumer(
            list(TOPICS),
            settings.subscriptions_consumer_group,
            once_in_postgres(
                db,
                processed,
                settings.subscriptions_consumer_group,
                SubscriptionsHandler(runner.wake),
            ),
            kafka=Kafka.from_settings(settings, fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms),
        )
        if settings.kafka_bootstrap_servers and settings.subscriptions_consume
        else None
    )

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        await db.ping()
        if relay is not None:
            await relay.start()
        await runner.start()
        if consumer is not None:
            try:
                await asyncio.wait_for(consumer.kafka.ensure_topics(TOPICS), 10.0)
            except Exception as exc:  # the consumer retries; not a reason to refuse to start
                log.warning("subscriptions topics not ensured", error=repr(exc))
            await consumer.start()

    async def stop() -> None:
        if consumer is not None:
            await consumer.stop()
        await runner.stop()
        if relay is not None:
            await relay.stop()
        await db.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=SubscriptionsState(service=service), verifier=verifier),
        readiness={"postgres": db.ping},
        grpc=[registration(service.upstream)],
        routes=unsubscribe.routes(service),
        on_start=[start],
        on_stop=[stop],
    )

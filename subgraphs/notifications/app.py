"""The notifications process: GraphQL on HTTP 4008, gRPC on 50059, PostgreSQL behind both;
with a broker, the consumer of notification requests and auth's account emails (group
NOTIFICATIONS_CONSUMER_GROUP), the outbox relay of dead letters; and always the dispatcher that
sends what is queued (retries, digests)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path

from common.auth import TokenVerifier
from common.contracts.notifications import DELIVERY_DEAD_LETTER
from common.contracts.subscriptions import Channel
from common.db import Database
from common.events import EventConsumer, Kafka, OutboxRelay
from common.graphql import GraphQLApp
from common.logging import get_logger
from common.migrations import upgrade
from common.service import ServiceApp
from subgraphs.notifications.channels.base import Sender
from subgraphs.notifications.channels.push import PushSender
from subgraphs.notifications.channels.registry import build_senders, close_senders
from subgraphs.notifications.channels.vapid import application_server_key
from subgraphs.notifications.dispatcher import Dispatcher
from subgraphs.notifications.grpc import registration
from subgraphs.notifications.inbox import Inbox
from subgraphs.notifications.intake import TOPICS, Intake
from subgraphs.notifications.messages import Composer
from subgraphs.notifications.metrics import CONSUMER_LAG
from subgraphs.notifications.models import outbox
from subgraphs.notifications.push_subscriptions import PushSubscriptions
from subgraphs.notifications.recipients import Directory
from subgraphs.notifications.schema import State, schema
from subgraphs.notifications.settings import Settings
from subgraphs.notifications.templates import Renderer

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LAG_INTERVAL_SECONDS = 5.0
log = get_logger(__name__)


async def migrate(settings: Settings) -> None:
    """Bring the database to the newest revision (creating the database if missing)."""
    await upgrade(MIGRATIONS_DIR, settings.database_url)


@dataclass
class Notifications:
    """The parts of a notifications process (the app, benchmarks and tests use them)."""

    settings: Settings
    db: Database
    senders: dict[Channel, Sender]
    directory: Directory
    composer: Composer
    dispatcher: Dispatcher
    intake: Intake

    @classmethod
    def create(
        cls, settings: Settings, *, senders: dict[Channel, Sender] | None = None
    ) -> Notifications:
        db = Database(settings.database_url)
        senders = build_senders(settings) if senders is None else senders
        directory = Directory(
            settings.auth_grpc_target,
            settings.profiles_grpc_target,
            timeout=settings.grpc_timeout_seconds,
        )
        composer = Composer(Renderer(), settings.public_base_url)
        dispatcher = Dispatcher(db, settings, senders, directory, composer)
        intake = Intake(db, settings, frozenset(senders), on_queued=dispatcher.wake)
        return cls(settings, db, senders, directory, composer, dispatcher, intake)

    async def close(self) -> None:
        await close_senders(self.senders)
        await self.directory.close()
        await self.db.close()


def create_app(
    settings: Settings | None = None,
    *,
    verifier: TokenVerifier | None = None,
    senders: dict[Channel, Sender] | None = None,
) -> ServiceApp:
    settings = settings or Settings()
    verifier = verifier or TokenVerifier.from_settings(settings)
    parts = Notifications.create(settings, senders=senders)
    inbox = Inbox(parts.db)
    push = PushSubscriptions(parts.db, allow_http=not settings.is_production)
    relay = OutboxRelay.for_service(settings, parts.db, outbox)
    consumer = (
        EventConsumer(
            list(TOPICS),
            settings.notifications_consumer_group,
            parts.intake,
            kafka=Kafka.from_settings(settings, fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms),
        )
        if settings.kafka_bootstrap_servers and settings.notifications_consume
        else None
    )
    tasks: list[asyncio.Task[None]] = []

    async def measure_lag(consumer: EventConsumer) -> None:
        while True:
            await asyncio.sleep(LAG_INTERVAL_SECONDS)
            for (topic, partition), lag in (await consumer.lag()).items():
                CONSUMER_LAG.labels(topic, str(partition)).set(lag)

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        await parts.dispatcher.start()
        if relay is not None:
            await relay.start()
        if consumer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    consumer.kafka.ensure_topics([*TOPICS, DELIVERY_DEAD_LETTER.name]), 10.0
                )
            await consumer.start()
            tasks.append(asyncio.create_task(measure_lag(consumer), name="notifications-lag"))

    async def stop() -> None:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if consumer is not None:
            await consumer.stop()
        await parts.dispatcher.stop()
        if relay is not None:
            await relay.stop()
        await parts.close()

    push_sender = parts.senders.get(Channel.PUSH)
    state = State(
        inbox=inbox,
        push=push,
        composer=parts.composer,
        directory=parts.directory,
        vapid_public_key=(
            application_server_key(push_sender.vapid)
            if isinstance(push_sender, PushSender)
            else None
        ),
    )
    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=state, verifier=verifier),
        readiness={"postgres": parts.db.ping},
        grpc=[registration(parts.db, inbox)],
        on_start=[start],
        on_stop=[stop],
    )

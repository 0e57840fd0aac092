"""The media process: GraphQL on HTTP 4006, gRPC on 50057, PostgreSQL and S3 behind both; with
a broker, the outbox relay and the consumer (group "media": the variant worker and deletions);
the orphan collector every GC_INTERVAL_SECONDS."""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from common.auth import TokenVerifier
from common.db import Database
from common.events import EventConsumer, Kafka, OutboxRelay
from common.graphql import GraphQLApp
from common.logging import get_logger
from common.migrations import upgrade
from common.service import ServiceApp
from common.tasks import cancel_and_wait
from subgraphs.media.collector import Collected, Collector
from subgraphs.media.events import TOPICS
from subgraphs.media.grpc import registration
from subgraphs.media.images import ImageService
from subgraphs.media.models import outbox
from subgraphs.media.schema import schema
from subgraphs.media.settings import Settings
from subgraphs.media.storage import Storage
from subgraphs.media.variants import MediaHandler, VariantWorker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
log = get_logger(__name__)


async def migrate(settings: Settings) -> None:
    """Bring the database to the newest revision (creating the database if missing)."""
    await upgrade(MIGRATIONS_DIR, settings.database_url)


@dataclass
class Media:
    """The parts of a media process, for the app, the `gc` command and tests."""

    settings: Settings
    db: Database
    storage: Storage
    pool: ThreadPoolExecutor
    images: ImageService
    worker: VariantWorker
    collector: Collector

    @classmethod
    def create(cls, settings: Settings) -> Media:
        if settings.image_library == "vips":
            import pyvips

            # one libvips thread per pool thread: IMAGE_WORKERS alone sizes the image work
            pyvips.concurrency_set(1)
        db = Database(settings.database_url)
        storage = Storage(settings)
        pool = ThreadPoolExecutor(max_workers=settings.image_workers, thread_name_prefix="image")
        images = ImageService(db, storage, settings, pool)
        return cls(settings, db, storage, pool, images, VariantWorker(images), Collector(images))

    async def open(self) -> None:
        await self.storage.start()

    async def close(self) -> None:
        await self.storage.close()
        await self.db.close()
        self.pool.shutdown(wait=False, cancel_futures=True)


async def collect(settings: Settings) -> Collected:
    """One collector pass (`python -m subgraphs.media gc`)."""
    media = Media.create(settings)
    await media.open()
    try:
        return await media.collector.run()
    finally:
        await media.close()


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    verifier = verifier or TokenVerifier.from_settings(settings)
    media = Media.create(settings)
    relay = OutboxRelay.for_service(settings, media.db, outbox)
    consumer = (
        EventConsumer(
            list(TOPICS),
            settings.media_consumer_group,
            MediaHandler(media.worker),
            kafka=Kafka.from_settings(settings, fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms),
        )
        if settings.kafka_bootstrap_servers and settings.media_consume
        else None
    )
    tasks: list[asyncio.Task[None]] = []

    async def collect_periodically() -> None:
        while True:
            await asyncio.sleep(settings.gc_interval_seconds)
            try:
                await media.collector.run()
            except Exception as exc:  # S3 or the database down: try again next time
                log.warning("orphan collection failed", error=repr(exc))

    async def start() -> None:
        if settings.migrate_on_start:
            await migrate(settings)
        await media.open()
        if relay is not None:
            await relay.start()
        if consumer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(consumer.kafka.ensure_topics(TOPICS), 10.0)
            await consumer.start()
        if settings.gc_interval_seconds > 0:
            tasks.append(asyncio.create_task(collect_periodically(), name="media-gc"))

    async def stop() -> None:
        for task in tasks:
            await cancel_and_wait(task)
        if consumer is not None:
            await consumer.stop()
        if relay is not None:
            await relay.stop()
        await media.close()

    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(schema, state=media.images, verifier=verifier),
        readiness={"postgres": media.db.ping, "s3": media.storage.ping},
        grpc=[registration(media.images)],
        on_start=[start],
        on_stop=[stop],
    )

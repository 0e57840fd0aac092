"""The feed process: GraphQL over HTTP 4004 (gRPC 50055 serves health only), Redis behind it,
the event consumer (group "feed") on posts' and profiles' topics when
KAFKA_BOOTSTRAP_SERVERS is set and FEED_CONSUME is true, and the healer that rebuilds the model
when Redis lost it (generation.py)."""

from __future__ import annotations

import asyncio
import contextlib

from redis.asyncio import Redis

from common.auth import TokenVerifier
from common.events import EventConsumer, Kafka
from common.graphql import GraphQLApp
from common.logging import get_logger
from common.redis import connect
from common.service import ServiceApp
from subgraphs.feed.events import TOPICS, FeedHandler
from subgraphs.feed.generation import Healer
from subgraphs.feed.page_cache import page_cache
from subgraphs.feed.pages import FeedPages
from subgraphs.feed.schema import FeedState, schema
from subgraphs.feed.service import FeedStore, RebuildResult
from subgraphs.feed.settings import Settings
from subgraphs.feed.syndication import Syndication
from subgraphs.feed.syndication import routes as syndication_routes
from subgraphs.feed.upstream import rebuild_from_services

log = get_logger(__name__)


def open_redis(settings: Settings) -> Redis:
    return connect(settings.redis_url, decode_responses=True)


def feed_kafka(settings: Settings) -> Kafka:
    return Kafka.from_settings(
        settings,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
    )


def create_consumer(settings: Settings, store: FeedStore) -> EventConsumer:
    return EventConsumer(
        list(TOPICS),
        settings.feed_consumer_group,
        FeedHandler(store),
        kafka=feed_kafka(settings),
        consumer_options={"metadata_max_age_ms": settings.kafka_metadata_max_age_ms},
    )


async def ensure_topics(kafka: Kafka) -> None:
    """Create the consumed topics (and their DLQs) when missing; a broker that is down now
    is the consumer's problem (it retries), not a reason to refuse to start."""
    try:
        await asyncio.wait_for(kafka.ensure_topics(TOPICS), 10.0)
    except Exception as exc:
        log.warning("feed topics not ensured", error=repr(exc))


def create_app(
    settings: Settings | None = None, *, verifier: TokenVerifier | None = None
) -> ServiceApp:
    settings = settings or Settings()
    verifier = verifier or TokenVerifier.from_settings(settings)
    redis = open_redis(settings)
    store = FeedStore(redis)
    consumer = (
        create_consumer(settings, store)
        if settings.kafka_bootstrap_servers and settings.feed_consume
        else None
    )

    async def rebuild(clear: bool) -> RebuildResult:
        return await rebuild_from_services(store, settings, clear=clear)

    healer = (
        Healer(redis, lambda: rebuild(False), interval=settings.feed_generation_check_seconds)
        if settings.feed_generation_check_seconds > 0
        else None
    )

    async def start() -> None:
        await redis.ping()
        if consumer is not None:
            await ensure_topics(consumer.kafka)
            await consumer.start()
        if healer is not None:
            await healer.start()

    async def stop() -> None:
        if healer is not None:
            await healer.stop()
        if consumer is not None:
            await consumer.stop()
        with contextlib.suppress(Exception):
            await redis.aclose()

    async def ping_redis() -> None:
        await redis.ping()

    pages = FeedPages(redis)
    syndication = Syndication(
        redis,
        pages,
        base_url=settings.public_base_url,
        items=settings.feed_syndication_items,
    )
    return ServiceApp(
        settings=settings,
        graphql=GraphQLApp(
            schema,
            state=FeedState(pages=pages, rebuild=rebuild),
            verifier=verifier,
            answers=page_cache(redis, size=settings.feed_page_cache_size),
        ),
        readiness={"redis": ping_redis},
        routes=syndication_routes(syndication, sitemap_limit=settings.sitemap_max_urls),
        on_start=[start],
        on_stop=[stop],
    )

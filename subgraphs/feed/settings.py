"""Settings of the feed service (the shared ones live in common.settings)."""

from __future__ import annotations

from common.settings import ServiceSettings, default_grpc_target


class Settings(ServiceSettings):
    service_name: str = "feed"
    #: POSTS_GRPC_TARGET: where StreamPosts is served (rebuilds).
    posts_grpc_target: str = default_grpc_target("posts")
    #: PROFILES_GRPC_TARGET: where GetProfiles is served (author names on rebuilds).
    profiles_grpc_target: str = default_grpc_target("profiles")
    #: FEED_CONSUMER_GROUP: the Kafka consumer group of the feed's event consumer.
    feed_consumer_group: str = "feed"
    #: FEED_CONSUME: run the event consumer in this process (false: a read-only replica).
    feed_consume: bool = True
    #: FEED_REBUILD_DEADLINE_SECONDS: deadline of the StreamPosts call of a rebuild.
    feed_rebuild_deadline_seconds: float = 600.0
    #: FEED_GENERATION_CHECK_SECONDS: how often the feed checks that Redis still holds a complete
    #: model (its generation marker) and rebuilds it when not; also checked on start. 0: never.
    feed_generation_check_seconds: float = 10.0
    #: FEED_PAGE_CACHE_SIZE: anonymous answers kept per worker process until the read model
    #: changes (subgraphs/feed/page_cache.py); 0 switches the cache off.
    feed_page_cache_size: int = 512
    #: KAFKA_FETCH_MAX_WAIT_MS: how long a fetch waits on the broker (publish-to-visible floor).
    kafka_fetch_max_wait_ms: int = 100
    #: KAFKA_SESSION_TIMEOUT_MS / KAFKA_HEARTBEAT_INTERVAL_MS: consumer group liveness.
    kafka_session_timeout_ms: int = 10_000
    kafka_heartbeat_interval_ms: int = 1_000
    #: KAFKA_METADATA_MAX_AGE_MS: how soon the consumer notices topics (re)created on the broker.
    kafka_metadata_max_age_ms: int = 5_000
    #: PUBLIC_BASE_URL: the web UI, where the links of RSS/Atom/JSON feeds and the sitemap go.
    public_base_url: str = "http://127.0.0.1:3000"
    #: FEED_SYNDICATION_ITEMS: items in each RSS/Atom/JSON feed (newest; at most 100).
    feed_syndication_items: int = 50
    #: SITEMAP_MAX_URLS: posts listed in sitemap.xml (newest; the protocol allows 50 000).
    sitemap_max_urls: int = 50_000

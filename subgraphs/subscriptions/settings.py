"""Settings of the subscriptions service (the shared ones live in common.settings)."""

from __future__ import annotations

from pydantic import model_validator

from common.settings import ServiceSettings

DEV_UNSUBSCRIBE_SECRET = "dev-unsubscribe-secret-change-me"  # refused in production


class Settings(ServiceSettings):
    service_name: str = "subscriptions"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/subscriptions"

    #: UNSUBSCRIBE_SECRET: signs one-click unsubscribe tokens (HMAC-SHA256).
    unsubscribe_secret: str = DEV_UNSUBSCRIBE_SECRET
    #: PUBLIC_BASE_URL: where email clients reach this service's /unsubscribe (an ingress path
    #: in production; the router's REST shim takes JSON only, RFC 8058 posts a form).
    public_base_url: str = "http://127.0.0.1:4007"
    #: FANOUT_BATCH: recipients per fan-out transaction (one job row update + their requests).
    fanout_batch: int = 1000
    #: FANOUT_IDLE_SECONDS: how long the job runner sleeps when no job is waiting.
    fanout_idle_seconds: float = 0.5
    #: SUBSCRIPTIONS_CONSUMER_GROUP / SUBSCRIPTIONS_CONSUME: the consumer of posts', auth's and
    #: profiles' events.
    subscriptions_consumer_group: str = "subscriptions"
    subscriptions_consume: bool = True
    #: KAFKA_FETCH_MAX_WAIT_MS: how long a fetch waits on the broker (event-to-job floor).
    kafka_fetch_max_wait_ms: int = 100
    #: UPSTREAM_EVENT_TOPICS: the topics POST /subscriptions/event (PutEvent) may publish to,
    #: named by EventType (upstream's only one is SEND_EMAIL).
    upstream_event_topics: list[str] = ["SEND_EMAIL"]

    @model_validator(mode="after")
    def _no_dev_secret_in_production(self) -> Settings:
        if self.is_production and self.unsubscribe_secret == DEV_UNSUBSCRIBE_SECRET:
            raise ValueError("set UNSUBSCRIBE_SECRET")
        return self

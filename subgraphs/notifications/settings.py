"""Settings of the notifications service (the shared ones live in common.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from common.contracts.subscriptions import Channel
from common.settings import ServiceSettings, default_grpc_target
from subgraphs.notifications.channels.settings import ChannelSettings

DEV_SMTP_PORT = 1025


class Settings(ServiceSettings, ChannelSettings):
    """The service's own settings and its push/SMS senders' (VAPID_*, SNS_*), so tests and
    deployments configure every channel in one place."""

    service_name: str = "notifications"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/notifications"
    #: AUTH_GRPC_TARGET / PROFILES_GRPC_TARGET: recipients' email address, name, locale, phone.
    auth_grpc_target: str = default_grpc_target("auth")
    profiles_grpc_target: str = default_grpc_target("profiles")
    #: PUBLIC_BASE_URL: where the web UI is; every link in a notification starts with it.
    public_base_url: str = "http://127.0.0.1:3000"

    #: NOTIFICATIONS_CONSUME / NOTIFICATIONS_CONSUMER_GROUP: read requests from Kafka.
    notifications_consume: bool = True
    notifications_consumer_group: str = "notifications"
    #: KAFKA_FETCH_MAX_WAIT_MS: how long a fetch waits on the broker (request-to-send floor).
    kafka_fetch_max_wait_ms: int = 100

    #: CHANNELS: the external channels to send on at all (JSON list); others are recorded as
    #: not configured. Push and SMS also need their sender modules (channels/push.py, sms.py).
    channels: list[Channel] = Field(
        default_factory=lambda: [Channel.EMAIL, Channel.PUSH, Channel.SMS]
    )
    #: EMAIL_BACKEND: "smtp" (SMTP_*), "ses" (AWS SES through SES_*) or "none" (not sent).
    email_backend: Literal["smtp", "ses", "none"] = "smtp"
    #: MAIL_FROM / MAIL_REPLY_TO: the From and Reply-To of every email.
    mail_from: str = "Indefinite Studies <no-reply@indefinite.local>"
    mail_reply_to: str = ""
    #: SMTP_HOST / SMTP_PORT / SMTP_USERNAME / SMTP_PASSWORD: the relay (the dev sink by default).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = DEV_SMTP_PORT
    smtp_username: str = ""
    smtp_password: str = ""
    #: SMTP_SECURITY: "starttls" (upgrade on 587), "tls" (implicit TLS on 465) or "none".
    smtp_security: Literal["starttls", "tls", "none"] = "none"
    #: SMTP_TIMEOUT_SECONDS: connect and each command; a timeout is a transient failure.
    smtp_timeout_seconds: float = 10.0
    #: SES_REGION / SES_ENDPOINT_URL (moto, LocalStack) / SES_CONFIGURATION_SET
    ses_region: str = "us-east-1"
    ses_endpoint_url: str = ""
    ses_configuration_set: str = ""

    #: DELIVERY_MAX_ATTEMPTS: transient failures are retried this many times in all, then the
    #: delivery goes to the dead-letter topic.
    delivery_max_attempts: int = 8
    #: DELIVERY_RETRY_INITIAL_SECONDS / DELIVERY_RETRY_MAX_SECONDS: exponential back-off with
    #: full jitter between attempts.
    delivery_retry_initial_seconds: float = 2.0
    delivery_retry_max_seconds: float = 600.0
    #: DELIVERY_LEASE_SECONDS: a claimed delivery not finished within this is claimed again
    #: (its worker died); longer than any send can take.
    delivery_lease_seconds: float = 120.0
    #: DELIVERY_CONCURRENCY: sends in flight per process.
    delivery_concurrency: int = 16
    #: DELIVERY_POLL_SECONDS: how often due retries and digests are looked for.
    delivery_poll_seconds: float = 1.0

    #: RATE_LIMIT_PER_HOUR: immediate external notifications (email, push, sms) per user per
    #: hour; beyond it emails wait for the next hourly digest, push and sms are skipped.
    #: Account emails (confirmation, password) are never limited.
    rate_limit_per_hour: int = 30
    #: DIGEST_HOUR_UTC / DIGEST_WEEKDAY: when daily and weekly digests go out (weekday 0=Mon).
    digest_hour_utc: int = 8
    digest_weekday: int = 0

    @model_validator(mode="after")
    def _sane_retries(self) -> Settings:
        if self.delivery_max_attempts < 1:
            raise ValueError("DELIVERY_MAX_ATTEMPTS must be at least 1")
        if not 0 <= self.digest_hour_utc < 24 or not 0 <= self.digest_weekday < 7:
            raise ValueError("DIGEST_HOUR_UTC is 0..23 and DIGEST_WEEKDAY 0..6")
        return self

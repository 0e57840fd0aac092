"""Settings of the push and SMS senders, read from the environment like every service's (no
prefix: one process runs one service). The notifications service's own `Settings` may inherit
them (`class Settings(ServiceSettings, ChannelSettings)`) or build one beside its own.

Production refuses to start without a VAPID key: browsers subscribed with the public half, so
the key must outlive any one process. Development generates one into `vapid_key_file` once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from common.settings import Environment


class ChannelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    environment: Environment = "development"

    #: VAPID_PRIVATE_KEY: the push sender's P-256 key: PEM, or base64url of the raw 32-byte
    #: scalar or of DER (`python -m subgraphs.notifications.channels.vapid` makes one).
    vapid_private_key: str = ""
    #: VAPID_KEY_FILE: outside production, where a key is generated when VAPID_PRIVATE_KEY is
    #: empty (and read on later starts, so browsers' subscriptions stay valid).
    vapid_key_file: str = ".data/vapid_private_key.pem"
    #: VAPID_SUBJECT: how push services reach the operator ("mailto:..." or "https://...").
    vapid_subject: str = "mailto:notifications@indefinite.invalid"
    #: PUSH_TTL_SECONDS: how long a push service keeps a message for an offline browser.
    push_ttl_seconds: int = 86_400
    #: PUSH_URGENCY: the RFC 8030 Urgency header (battery-saving browsers may delay "low").
    push_urgency: Literal["very-low", "low", "normal", "high"] = "normal"
    #: PUSH_TIMEOUT_SECONDS: the whole request to a push service; past it the send is retried.
    push_timeout_seconds: float = 10.0

    #: SNS_ENDPOINT_URL: an SNS-compatible endpoint (moto's server); empty means AWS SNS.
    sns_endpoint_url: str = ""
    #: SNS_REGION / SNS_ACCESS_KEY_ID / SNS_SECRET_ACCESS_KEY (empty keys: the AWS chain).
    sns_region: str = "us-east-1"
    sns_access_key_id: str = ""
    sns_secret_access_key: str = ""
    #: SNS_SMS_TYPE: "Transactional" (codes, alerts: delivered first) or "Promotional".
    sns_sms_type: Literal["Transactional", "Promotional"] = "Transactional"
    #: SNS_SENDER_ID: the alphanumeric sender shown where carriers allow one (empty: none).
    sns_sender_id: str = ""
    #: SNS_CONNECT_TIMEOUT_SECONDS / SNS_READ_TIMEOUT_SECONDS: one attempt per send; the
    #: delivery loop retries with back-off.
    sns_connect_timeout_seconds: float = 3.0
    sns_read_timeout_seconds: float = 10.0

    @model_validator(mode="after")
    def _a_real_vapid_key_in_production(self) -> ChannelSettings:
        if self.environment == "production" and not self.vapid_private_key:
            raise ValueError(
                "set VAPID_PRIVATE_KEY (python -m subgraphs.notifications.channels.vapid)"
            )
        if not self.vapid_subject.startswith(("mailto:", "https://")):
            raise ValueError("VAPID_SUBJECT is a mailto: or https: URL")
        return self

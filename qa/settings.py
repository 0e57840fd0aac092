"""What a QA run needs to know about the platform it checks, from `QA_*` variables (flags of
`python -m qa` override them).

The owner account promotes and moderates the probes' content (the journeys use only what a
client may: an OWNER's mutations); without it only the journeys that need no role run. The
mailbox is where emailed links are read: `dir:PATH` (a directory of `.eml` files, as make dev's
SMTP sink writes), `mailpit:URL` (Mailpit's API, as compose runs it) or empty (no mailbox:
probe accounts are confirmed by the owner and email steps are skipped).
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["QaSettings"]


class QaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore", frozen=True)

    # The router's origin (GraphQL at /graphql, REST at /api/v1); a trailing /graphql is dropped.
    base_url: str = "http://127.0.0.1:4000"
    owner_email: str = ""
    owner_password: SecretStr = SecretStr("")
    mailbox: str = ""
    # Domain of the probe accounts' addresses (a mailbox must receive it when one is given).
    probe_domain: str = "example.com"
    # Bounds: one HTTP request, and each eventual step (a feed update, an email, a notification).
    request_timeout_seconds: float = Field(default=10.0, gt=0)
    wait_seconds: float = Field(default=30.0, gt=0)
    # serve: how often every journey runs, where /metrics listens, which journeys (empty: all).
    interval_seconds: float = Field(default=60.0, gt=0)
    listen: str = "127.0.0.1:9464"
    journeys: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        return self.base_url.rstrip("/").removesuffix("/graphql")

    @property
    def graphql_url(self) -> str:
        return f"{self.origin}/graphql"

    @property
    def rest_url(self) -> str:
        return f"{self.origin}/api/v1"

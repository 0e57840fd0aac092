"""Settings of the profiles service (the shared ones live in common.settings)."""

from __future__ import annotations

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "profiles"
    #: The service's own database; created on start when the server lacks it.
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/profiles"

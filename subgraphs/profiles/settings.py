"""Settings of the profiles service (the shared ones live in common.settings)."""

from __future__ import annotations

from common.settings import ServiceSettings, default_grpc_target


class Settings(ServiceSettings):
    service_name: str = "profiles"
    #: The service's own database; created on start when the server lacks it.
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/profiles"
    #: MEDIA_GRPC_TARGET: media's gRPC (an avatar must be the user's own READY image).
    media_grpc_target: str = default_grpc_target("media")

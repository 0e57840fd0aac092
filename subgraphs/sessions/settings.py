"""Settings of the sessions service (the shared ones live in common.settings)."""

from __future__ import annotations

from pydantic import Field

from common.settings import ServiceSettings, default_grpc_target


class Settings(ServiceSettings):
    service_name: str = "sessions"
    #: A track record lives this long after its last touch (sliding), and so does a user's index.
    session_ttl_seconds: int = Field(default=30 * 24 * 3600, gt=0)
    #: After a revoke, touches carrying the revoked sid are ignored this long; keep it at least
    #: auth's access-token lifetime (an access token stays valid at the router until it expires).
    revoked_tombstone_seconds: int = Field(default=3600, gt=0)
    #: A user's index keeps their newest track ids only; mySessions lists at most this many.
    max_sessions_per_user: int = Field(default=100, gt=0)
    #: Every key of this service starts with it (one Redis can hold several deployments).
    redis_key_prefix: str = "sessions:"
    #: auth's gRPC, for revoking the refresh session behind a track id.
    auth_grpc_target: str = default_grpc_target("auth")

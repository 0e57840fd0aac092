"""Settings of the profiles service (the shared ones live in common.settings)."""

from __future__ import annotations

from pydantic import model_validator

from common.settings import ServiceSettings, default_grpc_target

DEV_PHONE_CODE_SECRET = "dev-phone-code-secret"  # refused in production


class Settings(ServiceSettings):
    service_name: str = "profiles"
    #: The service's own database; created on start when the server lacks it.
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/profiles"
    #: MEDIA_GRPC_TARGET: media's gRPC (an avatar must be the user's own READY image).
    media_grpc_target: str = default_grpc_target("media")

    #: PHONE_CODE_SECRET: the HMAC key phone verification codes are stored under (a leaked
    #: table alone does not give the codes away).
    phone_code_secret: str = DEV_PHONE_CODE_SECRET
    #: PHONE_CODE_TTL_SECONDS: how long a code sent by SMS is good for.
    phone_code_ttl_seconds: int = 600
    #: PHONE_CODE_ATTEMPTS: wrong codes accepted before the code is void (ask for a new one).
    phone_code_attempts: int = 5
    #: PHONE_CODE_RESEND_SECONDS: the least time between two codes sent for one user.
    phone_code_resend_seconds: int = 60
    #: PHONE_CODES_PER_HOUR: codes sent per user, and per number across users, in an hour.
    phone_codes_per_hour: int = 5

    @model_validator(mode="after")
    def _no_dev_secrets_in_production(self) -> Settings:
        if self.is_production and self.phone_code_secret == DEV_PHONE_CODE_SECRET:
            raise ValueError("set PHONE_CODE_SECRET")
        return self

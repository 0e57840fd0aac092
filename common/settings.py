"""Settings every service reads from its environment (the README documents each variable).

One process runs one service, so the variable names carry no service prefix: Compose and
Kubernetes give each container its own `DATABASE_URL`. Secrets with development defaults are
refused outside development and test, as the FastAPI template does.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

#: Default ports of `make dev`: router 4000, subgraphs 4001.., gRPC 50051 + the same offset.
DEFAULT_HTTP_PORTS: dict[str, int] = {
    "auth": 4001,
    "profiles": 4002,
    "posts": 4003,
    "feed": 4004,
    "sessions": 4005,
    "media": 4006,
    "subscriptions": 4007,
    "notifications": 4008,
}


def default_grpc_port(service: str) -> int:
    return 50051 + DEFAULT_HTTP_PORTS[service] - 4000


def default_grpc_target(service: str) -> str:
    return f"127.0.0.1:{default_grpc_port(service)}"


class ServiceSettings(BaseSettings):
    """Base of every service's settings; subclasses set `service_name` and their own fields."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    service_name: str = "service"
    environment: Environment = "development"
    http_host: str = "127.0.0.1"
    http_port: int = 0
    grpc_host: str = "127.0.0.1"
    grpc_port: int = 0
    database_url: str = ""
    redis_url: str = "redis://127.0.0.1:6379/0"
    kafka_bootstrap_servers: str = ""
    kafka_enable_idempotence: bool = False
    jwks_url: str = "http://127.0.0.1:4001/.well-known/jwks.json"
    jwt_issuer: str = "indefinite-studies"
    jwt_audience: str = "indefinite-studies"
    log_level: str = "INFO"
    log_json: bool = True
    #: also append the ECS JSON lines to this file (`make dev`: .data/logs/<service>.jsonl)
    log_file: str = ""
    sentry_dsn: str = ""
    grpc_timeout_seconds: float = 5.0
    migrate_on_start: bool = True
    #: the router's proof on every subgraph request (common/gate.py); required in production.
    subgraph_shared_secret: SecretStr = SecretStr("")

    @model_validator(mode="after")
    def _fill_ports(self) -> ServiceSettings:
        if self.service_name in DEFAULT_HTTP_PORTS:
            if not self.http_port:
                object.__setattr__(self, "http_port", DEFAULT_HTTP_PORTS[self.service_name])
            if not self.grpc_port:
                object.__setattr__(self, "grpc_port", default_grpc_port(self.service_name))
        return self

    @model_validator(mode="after")
    def _require_gate_in_production(self) -> ServiceSettings:
        if self.is_production and not self.subgraph_shared_secret.get_secret_value():
            raise ValueError(
                "SUBGRAPH_SHARED_SECRET is required in production: without it this subgraph "
                "answers anyone, not only the router"
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

"""Router configuration: one YAML/JSON file plus ``ROUTER_*`` environment, validated once.

Precedence (highest first): explicit overrides (CLI flags) > environment > config file > defaults.
Nested values use ``__`` in the environment, e.g. ``ROUTER_SUBGRAPH_URLS__posts=http://...`` or
``ROUTER_LIMITS__MAX_DEPTH=12``. Every model forbids unknown keys so a typo fails at start-up
instead of being silently ignored (Apollo's ``dev-docs/yaml-design-guidance.md``).

Example ``router.yaml``::

    listen: 127.0.0.1:4000
    supergraph: supergraph.graphql
    subgraph_urls: {posts: "http://127.0.0.1:4102/graphql"}
    subgraph_dedupe: true                          # identical in-flight subgraph queries: one call
    subgraph_timeout_seconds: 5                    # queries; subgraph_timeouts: {media: 20}
    subgraph_mutation_timeout_seconds: 30
    jwt:
      jwks_url: http://127.0.0.1:4001/.well-known/jwks.json
      issuer: indefinite-studies
      audience: indefinite-studies
    headers: {propagate: [accept-language], rename: {accept-language: x-locale}}
    cors: {allow_origins: ["http://localhost:3000"], allow_credentials: true}
    limits: {max_depth: 15, max_aliases: 30, max_root_fields: 20, max_fields: 500, max_cost: 50000}
    apq: {enabled: true, cache_size: 4096}        # Redis when REDIS_URL is set
    reload: {enabled: true, interval_seconds: 5}  # swap in a changed supergraph file/URL
    persisted: {manifest: ui/src/lib/graphql/generated/persisted-documents.json, safelist: true}
    debug: {query_plan_header: false, plan_endpoint: false}  # unset: on in development only
    sessions: {grpc_target: "127.0.0.1:50056"}   # activity reports; off when unset
    trusted_proxies: ["10.0.0.0/8"]               # whose X-Forwarded-For names the client
    metrics: {max_operation_names: 200}           # distinct operation_name label values
    tracking: {cookie: track_id, cookie_secure: true}  # the client's track id, kept
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PositiveFloat,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    JsonConfigSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

__all__ = [
    "DEVELOPMENT_UI_ORIGINS",
    "ApqSettings",
    "CorsSettings",
    "DebugSettings",
    "HeaderSettings",
    "JwtSettings",
    "LimitSettings",
    "MetricsSettings",
    "PersistedSettings",
    "ReloadSettings",
    "RouterSettings",
    "SessionsSettings",
    "SubscriptionSettings",
    "TrackingSettings",
    "load_settings",
]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JwtSettings(_Section):
    """Verify bearer tokens against auth's JWKS; without ``jwks_url`` tokens are not checked."""

    jwks_url: str | None = None
    issuer: str | None = None
    audience: str | None = None
    algorithms: tuple[str, ...] = ("RS256", "ES256", "Ed25519")
    leeway_seconds: int = Field(default=30, ge=0)
    # auth mints refresh tokens with the same keys; only these ``typ`` claims authenticate a
    # request (a token without ``typ`` is accepted).
    token_types: tuple[str, ...] = ("access",)
    # A JWKS refresh triggered by an unknown ``kid`` happens at most this often, so a flood of
    # forged kids cannot turn the router into a load generator against auth.
    min_refresh_interval_seconds: float = Field(default=30.0, ge=0)
    # Keys are also refreshed after this age even when every kid is known (rotation/revocation).
    max_key_age_seconds: float = Field(default=3600.0, gt=0)
    fetch_timeout_seconds: float = Field(default=5.0, gt=0)


class HeaderSettings(_Section):
    """Which client headers reach subgraphs. Authorization and X-Track-Id always do."""

    propagate: tuple[str, ...] = ()
    rename: dict[str, str] = Field(default_factory=dict)
    insert: dict[str, str] = Field(default_factory=dict)


DEVELOPMENT_UI_ORIGINS = ("http://127.0.0.1:3000", "http://localhost:3000")
"""The UI's origins under ``make dev``: allowed by default in development."""


class CorsSettings(_Section):
    """CORS, off without origins. Unset (``None``) means the UI's development origins when
    ``environment`` is ``development`` and none otherwise; ``[]`` means none at all."""

    allow_origins: tuple[str, ...] | None = None
    allow_origin_regex: str | None = None
    allow_credentials: bool = False
    allow_headers: tuple[str, ...] = (
        "content-type",
        "authorization",
        "x-track-id",
        "apollo-require-preflight",
        "x-query-plan",
    )
    expose_headers: tuple[str, ...] = ("x-track-id",)
    max_age: int = 600


class LimitSettings(_Section):
    """Request limits; ``None`` switches a limit off.

    Fragments count as expanded (measured without expanding them). ``max_tokens`` bounds
    parsing, the validation limits bound the specification's rules (run after them), and
    ``max_cost`` bounds what the operation asks of subgraphs: each object 1 (a mutation's
    root fields 10), times the list sizes above it, a list's size being its (or its
    connection's) ``first``/``last``/``limit`` argument, else ``default_list_size``.
    """

    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0)
    max_tokens: int | None = Field(default=3000, ge=1)
    max_depth: int | None = Field(default=15, ge=1)
    max_aliases: int | None = Field(default=30, ge=0)
    max_root_fields: int | None = Field(default=20, ge=1)
    max_fields: int | None = Field(default=500, ge=1)
    max_cost: int | None = Field(default=50_000, ge=1)
    default_list_size: int = Field(default=10, ge=0)
    # Parse, validate and plan operations not cached yet in a worker thread, answering
    # PREPARATION_TIMEOUT past this deadline (None: on the event loop, without a deadline).
    prepare_timeout_seconds: float | None = Field(default=2.0, gt=0)


class ApqSettings(_Section):
    enabled: bool = True
    cache_size: int = Field(default=4096, ge=1)
    redis_ttl_seconds: int = Field(default=86400, ge=1)
    redis_key_prefix: str = "router:apq:"


class ReloadSettings(_Section):
    """Supergraph hot reload (``router.reload``): poll the supergraph file (or
    ``supergraph_url``) every ``interval_seconds``; a changed one that loads is swapped in
    without dropping requests in flight, a broken one is refused and logged."""

    enabled: bool = False
    interval_seconds: float = Field(default=5.0, gt=0)


class PersistedSettings(_Section):
    """Trusted documents (``router.edge.trusted_documents``): the UI's operation manifest,
    written by its codegen. ``safelist: true`` refuses every operation not in it (production);
    off, unknown operations go on to APQ and freeform queries (development)."""

    manifest: Path | None = None
    safelist: bool = False


class DebugSettings(_Section):
    """Query-plan exposure (plans show schema internals): unset (``None``) means on in
    development only; ``true``/``false`` decide in any environment."""

    query_plan_header: bool | None = None
    plan_endpoint: bool | None = None


class MetricsSettings(_Section):
    """``/metrics``: operation names become label values only once the operation passed
    validation, and only the first ``max_operation_names`` of them (each costs ~19 series);
    everything else is counted as ``other``."""

    max_operation_names: int = Field(default=200, ge=0)


class SessionsSettings(_Section):
    """Report each request's client (track id, user agent, address, user and sid of the verified
    token) to the sessions service's gRPC ``TouchMany``, batched off the request path
    (``router.edge.sessions``). Off while ``grpc_target`` is unset."""

    grpc_target: str | None = None
    flush_interval_seconds: float = Field(default=0.2, gt=0)
    max_batch: int = Field(default=500, ge=1)  # flush at once when this many clients wait
    max_buffer: int = Field(default=10_000, ge=1)  # clients beyond it are dropped (counted)
    timeout_seconds: float = Field(default=1.0, gt=0)


class TrackingSettings(_Section):
    """The track id the router issues to a client that sends none: kept in a cookie (issued
    once, reused while it lives) so one browser is one track session; ``cookie: ""`` stops
    issuing it (clients then keep ``X-Track-Id`` themselves)."""

    cookie: str = "track_id"
    cookie_max_age_seconds: int = Field(default=30 * 24 * 3600, ge=1)
    cookie_secure: bool = False  # set behind HTTPS


class SubscriptionSettings(_Section):
    """Subscriptions (graphql-transport-ws on ``/graphql`` and ``/ws``, Server-Sent Events,
    multipart HTTP). A client is its user when the token names one, else its address;
    ``max_connections`` counts every open subscription socket or stream, and a
    graphql-transport-ws socket holds at most ``max_operations_per_connection`` of them. Tokens
    are checked again every ``revalidate_seconds`` (revocation) and streams end when theirs
    expires."""

    enabled: bool = True
    max_connections: int = Field(default=10_000, ge=0)
    max_connections_per_client: int = Field(default=20, ge=0)
    max_operations_per_connection: int = Field(default=50, ge=1)
    connection_init_timeout_seconds: float = Field(default=10.0, gt=0)
    heartbeat_seconds: float = Field(default=15.0, gt=0)
    revalidate_seconds: float = Field(default=60.0, gt=0)
    subgraph_connect_timeout_seconds: float = Field(default=10.0, gt=0)


class RouterSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ROUTER_",
        env_nested_delimiter="__",
        env_parse_none_str="null",  # ROUTER_LIMITS__MAX_COST=null switches a limit off
        extra="forbid",
        frozen=True,
    )

    # The deployment's ENVIRONMENT (shared with the services). Unset, the router assumes
    # production: development conveniences (query plans, the UI's CORS origins) need
    # ENVIRONMENT=development, which ``make dev`` sets.
    environment: Literal["development", "test", "production"] = Field(
        default="production",
        validation_alias=AliasChoices("environment", "ROUTER_ENVIRONMENT", "ENVIRONMENT"),
    )
    listen: str = "127.0.0.1:4000"
    # Worker processes of ``python -m router`` on the listener (common.workers, SO_REUSEPORT);
    # 0: the usable cores in production, 1 otherwise. The default is 1, not 0 as for the
    # services: the router assumes production when ENVIRONMENT is unset, as tests and
    # benchmarks run it, and they measure one process (a deployment sets it).
    workers: int = Field(default=1, ge=0)
    supergraph: Path | None = None
    # A supergraph served over HTTP (a registry, a file server): read at start instead of
    # ``supergraph``, and polled when ``reload.enabled``.
    supergraph_url: str | None = None
    # Sent to every subgraph as X-Subgraph-Secret (common/gate.py): the services' own
    # SUBGRAPH_SHARED_SECRET, which they require in production.
    subgraph_shared_secret: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices(
            "subgraph_shared_secret", "ROUTER_SUBGRAPH_SHARED_SECRET", "SUBGRAPH_SHARED_SECRET"
        ),
    )
    # Proxies (addresses or CIDR networks) whose X-Forwarded-For names the client; the client
    # address is the socket's peer otherwise. The router passes it to subgraphs (auth's
    # per-address login throttle) and to sessions.
    trusted_proxies: tuple[str, ...] = ()
    subgraph_urls: dict[str, str] = Field(default_factory=dict)
    subgraph_health_urls: dict[str, str] = Field(default_factory=dict)
    # Bounds of one subgraph fetch. Queries: short, so one frozen service costs a reader's page
    # a few seconds and the fields it owns (partial data + errors), not the page; per subgraph
    # in ``subgraph_timeouts`` (``ROUTER_SUBGRAPH_TIMEOUTS__feed=2``). Mutations: longer, since a
    # write cut short at the router may still commit behind it.
    subgraph_timeout_seconds: float = Field(default=5.0, gt=0)
    subgraph_timeouts: dict[str, PositiveFloat] = Field(default_factory=dict)
    subgraph_mutation_timeout_seconds: float = Field(default=30.0, gt=0)
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)
    plan_cache_size: int = Field(default=1024, ge=1)
    # In-flight deduplication of identical subgraph queries (never mutations): same subgraph,
    # body and forwarded headers, except the headers listed here (the per-request track id only
    # correlates logs; client address and user agent matter to auth's mutations, never merged).
    # ``ROUTER_SUBGRAPH_DEDUPE=false`` switches it off.
    subgraph_dedupe: bool = True
    subgraph_dedupe_ignore_headers: tuple[str, ...] = (
        "x-track-id",
        "x-forwarded-for",
        "user-agent",
    )
    # Young-generation GC threshold of ``python -m router`` (after freezing start-up objects);
    # 0 keeps Python's default (700). See common.runtime.tune_gc.
    gc_gen0_threshold: int = Field(default=50_000, ge=0)
    introspection: bool = True
    graphiql: bool = True
    # Where GraphiQL's npm packages are (router.http.assets); default: the repo's node_modules.
    assets_dir: Path | None = None
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("redis_url", "ROUTER_REDIS_URL", "REDIS_URL")
    )
    log_level: str = "info"
    # JSON lines for ELK; ``make dev`` sets ``ROUTER_LOG_JSON=false`` for readable console lines.
    log_json: bool = True
    # One ``graphql request`` log line per request (operation, status, duration, track id):
    # what ``python -m indefinite.logs --track-id`` shows of the router. Off by default (it costs
    # ~13 % of the router's CPU per request, bench.tracing); ``make dev`` turns it on.
    access_log: bool = False
    # Also append the ECS JSON lines to this file (``make dev``: .data/logs/router.jsonl).
    log_file: Path | None = None
    # The graveyard (common.graveyard): errors and error logs go to this Sentry DSN.
    sentry_dsn: str = Field(
        default="", validation_alias=AliasChoices("sentry_dsn", "ROUTER_SENTRY_DSN", "SENTRY_DSN")
    )
    jwt: JwtSettings = Field(default_factory=JwtSettings)
    headers: HeaderSettings = Field(default_factory=HeaderSettings)
    cors: CorsSettings = Field(default_factory=CorsSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    apq: ApqSettings = Field(default_factory=ApqSettings)
    persisted: PersistedSettings = Field(default_factory=PersistedSettings)
    reload: ReloadSettings = Field(default_factory=ReloadSettings)
    debug: DebugSettings = Field(default_factory=DebugSettings)
    sessions: SessionsSettings = Field(default_factory=SessionsSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    tracking: TrackingSettings = Field(default_factory=TrackingSettings)
    subscriptions: SubscriptionSettings = Field(default_factory=SubscriptionSettings)

    @field_validator("listen")
    @classmethod
    def _check_listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("listen must be HOST:PORT, e.g. 127.0.0.1:4000")
        return value

    @model_validator(mode="after")
    def _safelist_needs_manifest(self) -> RouterSettings:
        if self.persisted.safelist and self.persisted.manifest is None:
            raise ValueError(
                "persisted.safelist needs persisted.manifest (ROUTER_PERSISTED__MANIFEST)"
            )
        return self

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def query_plan_header(self) -> bool:
        """``X-Query-Plan: true`` is honoured (``debug.query_plan_header``, else development)."""
        value = self.debug.query_plan_header
        return self.development if value is None else value

    @property
    def plan_endpoint(self) -> bool:
        """``POST /debug/plan`` is served (``debug.plan_endpoint``, else development)."""
        value = self.debug.plan_endpoint
        return self.development if value is None else value

    @property
    def cors_origins(self) -> tuple[str, ...]:
        origins = self.cors.allow_origins
        if origins is None:
            return DEVELOPMENT_UI_ORIGINS if self.development else ()
        return origins

    @property
    def host(self) -> str:
        return self.listen.rpartition(":")[0].strip("[]")

    @property
    def port(self) -> int:
        return int(self.listen.rpartition(":")[2])

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if settings_cls.model_config.get("json_file"):
            sources.append(JsonConfigSettingsSource(settings_cls))
        if settings_cls.model_config.get("yaml_file"):
            sources.append(YamlConfigSettingsSource(settings_cls))
        return tuple(sources)


def load_settings(config_file: Path | None = None, **overrides: Any) -> RouterSettings:
    """Build settings from ``config_file`` (``.json`` or ``.yaml``/``.yml``), env and overrides."""
    if config_file is None:
        return RouterSettings(**overrides)
    if not config_file.is_file():
        raise FileNotFoundError(f"router config file not found: {config_file}")
    config = SettingsConfigDict(**RouterSettings.model_config)
    if config_file.suffix.lower() == ".json":
        config["json_file"] = config_file
    else:
        config["yaml_file"] = config_file
    file_settings = type("FileRouterSettings", (RouterSettings,), {"model_config": config})
    settings: RouterSettings = file_settings(**overrides)
    return settings

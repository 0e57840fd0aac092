"""The real platform in-process for tests: profiles, auth, posts, subscriptions (each on a fresh
database), feed and sessions (on Redis), composed into a supergraph and served by our router (a
`python -m router` subprocess that verifies tokens against the running auth's JWKS).
Given an S3 endpoint (moto's server) media runs too, on its own database and a fresh bucket;
given a Kafka bootstrap (tansu) every service relays and consumes events (the feed fills up,
media writes variants); given an SMTP port too (an aiosmtpd sink), notifications runs and sends
its email there (`notifications=` overrides its settings).

    async with start_platform() as platform:
        writer = await platform.new_user(Role.WRITER)      # signed up, confirmed, logged in
        body = await platform.gql("{ posts { edges { node { id } } } }", user=writer)

Every helper talks to the router (`platform.router_url`) unless given another URL, so tests see
what a client sees. Roles come from auth's allow list (writer*/moderator* emails made up per
platform) and `create_owner` for the OWNER; confirmation tokens are read from auth's outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import tempfile
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
from joserfc.jwk import ECKey
from sqlalchemy import select

from common.auth import Role, TokenVerifier
from common.db import Database, drop_database
from common.gate import SECRET_HEADER
from common.redis import connect
from common.revocation import RevocationList
from common.service import RunningService, running
from common.settings import ServiceSettings
from indefinite.s3_server import prepare_bucket
from indefinite.supergraph import collect_subgraphs_at, compose
from subgraphs.auth.app import JWKS_PATH
from subgraphs.auth.app import create_app as create_auth
from subgraphs.auth.app import create_owner as auth_create_owner
from subgraphs.auth.models import outbox as auth_outbox
from subgraphs.auth.settings import Settings as AuthSettings
from subgraphs.feed.app import create_app as create_feed
from subgraphs.feed.settings import Settings as FeedSettings
from subgraphs.media.app import create_app as create_media
from subgraphs.media.settings import Settings as MediaSettings
from subgraphs.notifications.app import create_app as create_notifications
from subgraphs.notifications.settings import Settings as NotificationsSettings
from subgraphs.posts.app import create_app as create_posts
from subgraphs.posts.settings import Settings as PostsSettings
from subgraphs.profiles.app import create_app as create_profiles
from subgraphs.profiles.settings import Settings as ProfilesSettings
from subgraphs.sessions.app import create_app as create_sessions
from subgraphs.sessions.settings import Settings as SessionsSettings
from subgraphs.subscriptions.app import create_app as create_subscriptions
from subgraphs.subscriptions.settings import Settings as SubscriptionsSettings
from tests.gateways import RunningGateway, free_port, our_router
from tests.support.stores import fresh_database_url, redis_url

__all__ = [
    "ISSUER",
    "PASSWORD",
    "GraphQLError",
    "Platform",
    "TestUser",
    "router_env",
    "start_platform",
]

PASSWORD = "correct horse battery"
ISSUER = "indefinite-studies"
ALLOW_LIST_SIZE = 40

SIGN_UP = """
mutation SignUp($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) { user { id login } }
}"""
CONFIRM = "mutation Confirm($token: String!) { confirmEmail(token: $token) { id state } }"
LOGIN = """
mutation LogIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id role } }
}"""


class GraphQLError(AssertionError):
    """A response carried errors where the caller wanted data."""


@dataclass(frozen=True)
class TestUser:
    """A confirmed, logged-in account."""

    __test__ = False  # not a pytest test class

    id: str
    email: str
    login: str
    role: Role
    access_token: str
    refresh_token: str
    password: str = PASSWORD

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def router_env(
    jwks_url: str,
    *,
    sessions_grpc_target: str | None = None,
    subgraph_secret: str = "",
    redis: str = "",
) -> dict[str, str]:
    """Environment for `python -m router`: verify tokens against auth (and its revocation list
    in `redis`, which APQ then uses too), report clients to sessions when it runs, prove itself
    to the subgraphs."""
    env = {
        "ROUTER_SUBGRAPH_SHARED_SECRET": subgraph_secret,
        # tests stand where a load balancer would: X-Forwarded-For names the client
        "ROUTER_TRUSTED_PROXIES": '["127.0.0.1"]',
        "ROUTER_JWT__JWKS_URL": jwks_url,
        "ROUTER_JWT__ISSUER": ISSUER,
        "ROUTER_JWT__AUDIENCE": ISSUER,
        "ROUTER_REDIS_URL": redis,
        "ROUTER_LOG_LEVEL": "warning",
        # Every service of a test platform shares the test's one event loop, on a machine the
        # other tests load too: keep the router's old 30 s query bound here (production: 5 s);
        # tests/chaos sets short per-subgraph bounds where timing out is the point.
        "ROUTER_SUBGRAPH_TIMEOUT_SECONDS": "30",
    }
    if sessions_grpc_target is not None:
        env["ROUTER_SESSIONS__GRPC_TARGET"] = sessions_grpc_target
    return env


@dataclass
class Platform:
    """A running platform: services by name, the supergraph file, the router, and helpers."""

    services: dict[str, RunningService]
    supergraph: Path
    router: RunningGateway
    jwks_url: str
    auth_settings: AuthSettings
    database_urls: dict[str, str]
    http: httpx.AsyncClient
    tag: str
    subgraph_secret: str = ""
    _counters: dict[str, itertools.count[int]] = field(default_factory=dict)

    @property
    def router_url(self) -> str:
        return self.router.url

    @property
    def subgraph_headers(self) -> dict[str, str]:
        """What a direct call to a subgraph needs to pass as the router (common/gate.py)."""
        return {SECRET_HEADER: self.subgraph_secret} if self.subgraph_secret else {}

    # ------------------------------------------------------------------ GraphQL

    async def gql(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        user: TestUser | None = None,
        token: str | None = None,
        url: str | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """The whole response (data and errors) of one POST to the router (or `url`)."""
        headers: dict[str, str] = {}
        bearer = token if token is not None else (user.access_token if user else None)
        if bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        payload: dict[str, Any] = {"query": query, "variables": dict(variables or {})}
        if operation_name is not None:
            payload["operationName"] = operation_name
        response = await self.http.post(url or self.router_url, json=payload, headers=headers)
        try:
            body: dict[str, Any] = response.json()
        except ValueError as exc:
            raise GraphQLError(f"HTTP {response.status_code}: {response.text[:500]}") from exc
        return body

    async def data(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        *,
        user: TestUser | None = None,
        url: str | None = None,
    ) -> dict[str, Any]:
        """`data` of a response that must carry no errors."""
        body = await self.gql(query, variables, user=user, url=url)
        if body.get("errors") or not isinstance(body.get("data"), dict):
            raise GraphQLError(body)
        result: dict[str, Any] = body["data"]
        return result

    # ------------------------------------------------------------------ users

    def _next(self, kind: str) -> int:
        return next(self._counters.setdefault(kind, itertools.count()))

    def email_for(self, role: Role) -> str:
        """A fresh email that auth's allow list maps to `role` (READER: not listed)."""
        if role is Role.OWNER:
            return f"owner{self._next('owner')}.{self.tag}@example.com"
        if role is Role.READER:
            return f"reader{self._next('reader')}.{self.tag}@example.com"
        kind = role.value.lower()
        index = self._next(kind)
        if index >= ALLOW_LIST_SIZE:
            raise RuntimeError(f"the allow list holds {ALLOW_LIST_SIZE} {kind} emails")
        return _listed_email(kind, index, self.tag)

    async def sign_up(
        self, email: str, *, login: str | None = None, password: str = PASSWORD
    ) -> dict[str, Any]:
        """signUp through the router; returns `signUp.user` ({id, login})."""
        login = login or f"u{uuid.uuid4().hex[:12]}"
        data = await self.data(SIGN_UP, {"email": email, "password": password, "login": login})
        user: dict[str, Any] = data["signUp"]["user"]
        return user

    async def emailed_token(self, email: str, template: str = "confirm_email") -> str:
        """The token of the newest email request of this template (confirm_email,
        reset_password) to `email`, from auth's outbox."""
        db = Database(self.database_urls["auth"], pool_size=1)
        try:
            async with db.session() as session:
                rows = (
                    await session.execute(
                        select(auth_outbox.c.payload)
                        .where(auth_outbox.c.type == "EmailRequested")
                        .order_by(auth_outbox.c.seq.desc())
                    )
                ).all()
        finally:
            await db.close()
        for (payload,) in rows:
            if payload["to"].lower() == email.lower() and payload["template"] == template:
                token: str = payload["token"]
                return token
        raise AssertionError(f"no {template} email to {email}")

    async def confirmation_token(self, email: str) -> str:
        return await self.emailed_token(email)

    async def confirm(self, email: str) -> None:
        token = await self.confirmation_token(email)
        data = await self.data(CONFIRM, {"token": token})
        assert data["confirmEmail"]["state"] == "CONFIRMED", data

    async def log_in(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        """login through the router: {accessToken, refreshToken, user {id role}}."""
        data = await self.data(LOGIN, {"email": email, "password": password})
        tokens: dict[str, Any] = data["login"]
        return tokens

    async def new_user(self, role: Role = Role.READER, *, login: str | None = None) -> TestUser:
        """Sign up, confirm and log in a user of `role` (OWNER through auth's create-owner)."""
        email = self.email_for(role)
        login = login or f"{role.value.lower()}{uuid.uuid4().hex[:10]}"
        if role is Role.OWNER:
            await auth_create_owner(self.auth_settings, email=email, password=PASSWORD, login=login)
        else:
            await self.sign_up(email, login=login)
            await self.confirm(email)
        tokens = await self.log_in(email)
        assert tokens["user"]["role"] == role.value, tokens
        return TestUser(
            id=tokens["user"]["id"],
            email=email,
            login=login,
            role=role,
            access_token=tokens["accessToken"],
            refresh_token=tokens["refreshToken"],
        )


def _listed_email(kind: str, index: int, tag: str) -> str:
    return f"{kind}{index}.{tag}@example.com"


def _allow_list(tag: str) -> str:
    entries = [
        f"{_listed_email(kind, i, tag)}:{kind.upper()}"
        for kind in ("writer", "moderator")
        for i in range(ALLOW_LIST_SIZE)
    ]
    return ",".join(entries)


S = TypeVar("S", bound=ServiceSettings)


def _settings(cls: type[S], values: Mapping[str, Any], **more: Any) -> S:
    """`cls` from the values it declares (the platform's common values serve every service)."""
    given = {**values, **more}
    return cls(**{key: value for key, value in given.items() if key in cls.model_fields})


async def _start_media(
    stack: contextlib.AsyncExitStack,
    verifier: TokenVerifier,
    settings: Mapping[str, Any],
    *,
    s3: str,
    database_url: str,
) -> RunningService:
    """media on a fresh bucket of the S3 server at `s3` (public `images/`)."""
    bucket = f"platform-{uuid.uuid4().hex[:12]}"
    await asyncio.to_thread(prepare_bucket, s3, bucket)
    media_settings = _settings(
        MediaSettings,
        settings,
        database_url=database_url,
        s3_endpoint_url=s3,
        s3_bucket=bucket,
        s3_force_path_style=True,
        s3_public_base_url=f"{s3}/{bucket}",
        gc_interval_seconds=0,
        kafka_fetch_max_wait_ms=10,
    )
    app = create_media(media_settings, verifier=verifier)
    return await stack.enter_async_context(running(app, free_ports=True))


@contextlib.asynccontextmanager
async def start_platform(
    *,
    router_startup_timeout: float = 60.0,
    s3: str | None = None,
    kafka: str | None = None,
    gate: bool = True,
    auth: Mapping[str, Any] | None = None,
    smtp_port: int | None = None,
    notifications: Mapping[str, Any] | None = None,
    router_extra_env: Mapping[str, str] | None = None,
) -> AsyncIterator[Platform]:
    """Start every available service, compose their supergraph, start our router over it;
    media too with an S3 endpoint, events flowing with a Kafka bootstrap. `gate`: subgraphs
    answer only this router (a shared secret; off for gateways compared against ours);
    `auth`: auth settings to override; `router_extra_env`: more `ROUTER_*` environment (tests/chaos
    routes a subgraph through a fault proxy)."""
    tag = uuid.uuid4().hex[:8]
    auth_http_port, auth_grpc_port = free_port(), free_port()
    jwks_url = f"http://127.0.0.1:{auth_http_port}{JWKS_PATH}"

    def verifier() -> TokenVerifier:
        """What each service verifies tokens with: auth's JWKS and revocation list."""
        revocations = RevocationList(connect(redis_url()))
        return TokenVerifier(
            issuer=ISSUER, audience=ISSUER, jwks_url=jwks_url, revocations=revocations
        )

    with_notifications = bool(kafka and smtp_port)
    databases = (
        "profiles",
        "auth",
        "posts",
        "subscriptions",
        *(("media",) if s3 else ()),
        *(("notifications",) if with_notifications else ()),
    )
    urls = {name: fresh_database_url(name) for name in databases}
    secret = f"platform-secret-{tag}" if gate else ""  # subgraphs answer this router only
    common: dict[str, Any] = {
        "environment": "test",
        "log_json": False,
        "redis_url": redis_url(),
        "subgraph_shared_secret": secret,
    }
    if kafka:
        common["kafka_bootstrap_servers"] = kafka
    auth_settings = AuthSettings(
        **common,
        database_url=urls["auth"],
        http_port=auth_http_port,
        grpc_port=auth_grpc_port,
        argon2_time_cost=1,
        argon2_memory_cost_kib=8,
        argon2_parallelism=1,
        allow_list=_allow_list(tag),
        # One key for the running auth and for create_owner's standalone service.
        jwt_private_key=ECKey.generate_key("P-256", private=True).as_pem(private=True).decode(),
        login_max_failures_per_address=10_000,
        email_max_sends_per_window=1_000,
        public_base_url="https://blog.example.com",
    ).model_copy(update=dict(auth or {}))
    services: dict[str, RunningService] = {}
    started: list[str] = []
    try:
        async with contextlib.AsyncExitStack() as stack:
            # media first: profiles and posts check images through its gRPC
            media = (
                await _start_media(stack, verifier(), common, s3=s3, database_url=urls["media"])
                if s3
                else None
            )
            if media is not None:
                services["media"] = media
                started.append("media")
                common["media_grpc_target"] = media.grpc_target
            profiles_app = create_profiles(
                _settings(ProfilesSettings, common, database_url=urls["profiles"]),
                verifier=verifier(),
            )
            services["profiles"] = await stack.enter_async_context(
                running(profiles_app, free_ports=True)
            )
            started.append("profiles")
            auth_settings = auth_settings.model_copy(
                update={"profiles_grpc_target": services["profiles"].grpc_target}
            )
            services["auth"] = await stack.enter_async_context(running(create_auth(auth_settings)))
            started.append("auth")
            posts_app = create_posts(
                _settings(PostsSettings, common, database_url=urls["posts"]), verifier=verifier()
            )
            services["posts"] = await stack.enter_async_context(running(posts_app, free_ports=True))
            started.append("posts")
            subscriptions_app = create_subscriptions(
                _settings(
                    SubscriptionsSettings,
                    common,
                    database_url=urls["subscriptions"],
                    kafka_fetch_max_wait_ms=10,
                    fanout_idle_seconds=0.1,
                ),
                verifier=verifier(),
            )
            services["subscriptions"] = await stack.enter_async_context(
                running(subscriptions_app, free_ports=True)
            )
            started.append("subscriptions")
            targets = {
                f"{name}_grpc_target": service.grpc_target for name, service in services.items()
            }
            # without Kafka the feed is read-only (and empty)
            feed_settings = _settings(FeedSettings, common, **targets, feed_consume=bool(kafka))
            sessions_settings = _settings(
                SessionsSettings, common, **targets, redis_key_prefix=f"sessions:{tag}:"
            )
            for name, app in (
                ("feed", create_feed(feed_settings, verifier=verifier())),
                ("sessions", create_sessions(sessions_settings, verifier=verifier())),
            ):
                services[name] = await stack.enter_async_context(running(app, free_ports=True))
                started.append(name)
            if with_notifications:
                notifications_settings = _settings(
                    NotificationsSettings,
                    common,
                    **targets,
                    database_url=urls["notifications"],
                    smtp_port=smtp_port,
                    public_base_url=auth_settings.public_base_url,
                    kafka_fetch_max_wait_ms=10,
                    **(notifications or {}),
                )
                app = create_notifications(notifications_settings, verifier=verifier())
                services["notifications"] = await stack.enter_async_context(
                    running(app, free_ports=True)
                )
                started.append("notifications")

            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="platform-")))
            supergraph = directory / "supergraph.graphql"
            subgraph_urls = {name: s.graphql_url for name, s in services.items()}
            supergraph.write_text(compose(collect_subgraphs_at(subgraph_urls)))
            router = await stack.enter_async_context(
                our_router(
                    supergraph,
                    env=router_env(
                        jwks_url,
                        sessions_grpc_target=services["sessions"].grpc_target,
                        subgraph_secret=secret,
                        redis=redis_url(),
                    )
                    | dict(router_extra_env or {}),
                    startup_timeout=router_startup_timeout,
                )
            )
            http = await stack.enter_async_context(httpx.AsyncClient(timeout=30.0, trust_env=False))
            yield Platform(
                services=services,
                supergraph=supergraph,
                router=router,
                jwks_url=jwks_url,
                auth_settings=auth_settings,
                database_urls=urls,
                http=http,
                tag=tag,
                subgraph_secret=secret,
            )
    finally:
        for name in started:
            if name in urls:
                await drop_database(urls[name])

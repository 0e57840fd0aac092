"""The router over the ``live`` and ``people`` subgraphs, all on real sockets (the clients of
the three transports are tests/support/live.py)."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from common.auth import Role
from common.redis import connect
from common.revocation import RevocationList
from router.http.app import create_app
from router.http.server import RouterServer
from router.settings import JwtSettings, RouterSettings, SubscriptionSettings
from tests.router.subscriptions.subgraphs import Bus, Served, live_app, people_app, serve
from tests.support.stores import redis_url
from tests.support.tokens import AUDIENCE, ISSUER, SigningKeys

__all__ = ["TICKS", "Stack", "start_stack"]

SUPERGRAPH = Path(__file__).parents[1] / "fixtures" / "supergraphs" / "subscriptions.graphql"
TICKS = "subscription T($user: ID!) { ticks(user: $user) { n user { id name } } }"
EPOCH_TTL = 3600


@dataclass
class Stack:
    router: Served
    live: Served
    people: Served
    bus: Bus
    keys: SigningKeys
    revocations: RevocationList
    http: httpx.AsyncClient
    live_port: int = 0
    _restarts: list[contextlib.AsyncExitStack] = field(default_factory=list)

    @property
    def graphql(self) -> str:
        return f"{self.router.url}/graphql"

    @property
    def ws(self) -> str:
        return self.graphql.replace("http://", "ws://")

    async def token(self, *, user_id: uuid.UUID | None = None, ttl: int = 900) -> str:
        """A token of a user whose revocation list is started (the router fails closed)."""
        user = user_id or uuid.uuid4()
        await self.revocations.ensure_epoch(user, ttl=EPOCH_TTL)
        return self.keys.mint(user_id=user, role=Role.READER, ttl=ttl)

    async def emit_until_heard(self, n: int, *, listeners: int = 1, within: float = 5.0) -> None:
        """Wait until at least ``listeners`` subscriptions are open on ``live``, then emit ``n``
        (which they all hear): no sleeping for subscriptions to be live, and no event storm
        while many of them open."""
        deadline = time.monotonic() + within
        url = f"{self.live.url}/graphql"
        while True:
            body = (await self.http.post(url, json={"query": "{ listeners }"})).json()
            if body["data"]["listeners"] >= listeners:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{body['data']['listeners']} subscriptions are open")
            await asyncio.sleep(0.02)
        body = (await self.http.post(url, json={"query": f"mutation {{ emit(n: {n}) }}"})).json()
        assert body["data"]["emit"] >= listeners, body

    async def stop_live(self) -> None:
        await self.live.stop()

    async def start_live(self) -> None:
        stack = contextlib.AsyncExitStack()
        self.live = await stack.enter_async_context(serve(live_app(self.bus), port=self.live_port))
        self._restarts.append(stack)


@contextlib.asynccontextmanager
async def start_stack(*, redis: str | None = None, **subscriptions: Any) -> AsyncIterator[Stack]:
    """The stack; ``subscriptions`` are SubscriptionSettings fields, ``redis`` the revocation
    list's Redis (default: the tests' own)."""
    redis = redis or redis_url()
    keys = SigningKeys()
    bus = Bus()
    async with contextlib.AsyncExitStack() as exits:
        live = await exits.enter_async_context(serve(live_app(bus)))
        people = await exits.enter_async_context(serve(people_app(keys)))
        settings = RouterSettings(
            environment="test",
            supergraph=SUPERGRAPH,
            subgraph_urls={"live": f"{live.url}/graphql", "people": f"{people.url}/graphql"},
            jwt=JwtSettings(jwks_url=f"{people.url}/jwks", issuer=ISSUER, audience=AUDIENCE),
            redis_url=redis,
            log_json=False,
            subscriptions=SubscriptionSettings(**subscriptions),
        )
        app = create_app(settings)
        router = await exits.enter_async_context(
            serve(
                app,
                lifespan="on",
                server_class=lambda config: RouterServer(config, app.state.subscriptions),
            )
        )
        revocations = RevocationList(connect(redis), clock=lambda: time.time() - 60)
        exits.push_async_callback(revocations.aclose)
        http = await exits.enter_async_context(httpx.AsyncClient(timeout=10))
        stack = Stack(
            router, live, people, bus, keys, revocations, http, int(live.url.rsplit(":", 1)[1])
        )
        try:
            yield stack
        finally:
            for restart in stack._restarts:
                await restart.aclose()

"""Two small federated subgraphs for the router's subscription tests, served over real sockets.

``live`` owns ``Subscription.ticks`` (each event a ``Tick`` whose ``user`` is an entity owned by
``people``) and ``Mutation.emit``, which hands an event to every open ``ticks`` and returns how
many heard it: tests emit until one did, so there is no sleeping for the subscription to be
live. ``people`` owns ``User.name`` and serves the JWKS the router verifies tokens with.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp
from strawberry.asgi import GraphQL

from common.service import _bind
from tests.support.tokens import SigningKeys

__all__ = ["LIVE", "PEOPLE", "Bus", "Served", "live_app", "people_app", "serve"]


@dataclass
class Bus:
    """The ``live`` subgraph's events: one queue per open subscription."""

    queues: set[asyncio.Queue[int]] = field(default_factory=set)
    authorizations: list[str | None] = field(default_factory=list)

    def emit(self, n: int) -> int:
        for queue in self.queues:
            queue.put_nowait(n)
        return len(self.queues)


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id)


@strawberry.type
class Tick:
    n: int
    user: User


def _bus(info: strawberry.Info) -> Bus:
    bus: Bus = info.context["bus"]
    return bus


@strawberry.type
class LiveQuery:
    @strawberry.field
    def listeners(self, info: strawberry.Info) -> int:
        return len(_bus(info).queues)


@strawberry.type
class LiveMutation:
    @strawberry.mutation
    def emit(self, info: strawberry.Info, n: int) -> int:
        return _bus(info).emit(n)


@strawberry.type
class LiveSubscription:
    @strawberry.subscription
    async def ticks(self, info: strawberry.Info, user: strawberry.ID) -> AsyncGenerator[Tick, None]:
        bus = _bus(info)
        bus.authorizations.append(info.context["request"].headers.get("authorization"))
        queue: asyncio.Queue[int] = asyncio.Queue()
        bus.queues.add(queue)
        try:
            while True:
                yield Tick(n=await queue.get(), user=User(id=user))
        finally:
            bus.queues.discard(queue)

    @strawberry.subscription
    async def countdown(self, start: int) -> AsyncGenerator[int, None]:
        for n in range(start, 0, -1):
            yield n


LIVE = strawberry.federation.Schema(
    query=LiveQuery,
    mutation=LiveMutation,
    subscription=LiveSubscription,
    types=[User, Tick],
    federation_version="2.9",
)


@strawberry.federation.type(keys=["id"], name="User")
class Person:
    id: strawberry.ID

    @strawberry.field
    def name(self) -> str:
        return f"name-{self.id}"

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Person:
        return Person(id=id)


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def person(self, id: strawberry.ID) -> Person:
        return Person(id=id)


PEOPLE = strawberry.federation.Schema(
    query=PeopleQuery,
    types=[Person],
    federation_version="2.9",
)


class _LiveGraphQL(GraphQL[dict[str, Any], None]):
    def __init__(self, bus: Bus) -> None:
        super().__init__(LIVE)
        self.bus = bus

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        return {"request": request, "response": response, "bus": self.bus}


def live_app(bus: Bus) -> ASGIApp:
    graphql = _LiveGraphQL(bus)
    return Starlette(routes=[Route("/graphql", graphql), WebSocketRoute("/graphql", graphql)])


def people_app(keys: SigningKeys) -> ASGIApp:
    async def jwks(request: Request) -> JSONResponse:
        return JSONResponse({"keys": [keys.key.as_dict(private=False)]})

    return Starlette(routes=[Route("/graphql", GraphQL(PEOPLE)), Route("/jwks", jwks)])


@dataclass
class Served:
    url: str
    server: uvicorn.Server
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.server.should_exit = True
        await self.task


@contextlib.asynccontextmanager
async def serve(
    app: ASGIApp,
    *,
    port: int = 0,
    lifespan: Literal["auto", "on", "off"] = "off",
    server_class: Callable[[uvicorn.Config], uvicorn.Server] = uvicorn.Server,
) -> AsyncIterator[Served]:
    """``app`` on a loopback port (a given one: a restarted subgraph keeps its address)."""
    sock = _bind("127.0.0.1", port)
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan=lifespan, timeout_graceful_shutdown=2
    )
    server = server_class(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    served = Served(f"http://127.0.0.1:{sock.getsockname()[1]}", server, task)
    try:
        yield served
    finally:
        if not task.done():
            await served.stop()
        sock.close()

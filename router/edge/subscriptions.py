"""What every subscription transport shares at the edge: admission (global and per-client
connection limits), the token guard (revocation re-checked, expiry ends the stream), clean
shutdown and the metrics.

``frames`` turns a subscription's responses into what a transport writes: ``("next", body)``
per event, ``("heartbeat", None)`` after ``heartbeat`` seconds of silence, and one final
``("error", errors)`` or ``("complete", None)``. Every way a stream can end gives the client
something it can act on:

    SUBSCRIPTION_SOURCE_CLOSED  the owning subgraph closed or lost the socket: subscribe again
    UNAUTHENTICATED             the token expired or was revoked: refresh it, subscribe again
    SHUTTING_DOWN               the router is stopping: subscribe again (another replica)
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter as Tally
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from prometheus_client import CollectorRegistry, Counter, Gauge

from router.edge.errors import EdgeError, Unauthenticated, Unavailable
from router.edge.jwt import TokenVerifier
from router.errors import RouterError
from router.settings import SubscriptionSettings

__all__ = [
    "Admission",
    "Frame",
    "SubscriptionHub",
    "SubscriptionMetrics",
    "TokenGuard",
    "TooManySubscriptions",
    "frames",
    "shutting_down_error",
]

Transport = Literal["ws", "sse", "multipart"]
Frame = tuple[Literal["next", "heartbeat", "error", "complete"], Any]


class TooManySubscriptions(EdgeError):
    code = "RATE_LIMITED"
    status = 429


def shutting_down_error() -> dict[str, Any]:
    return {
        "message": "The router is shutting down: subscribe again",
        "extensions": {"code": "SHUTTING_DOWN"},
    }


class SubscriptionMetrics:
    """Bounded labels only: the transport (3 values) and a fixed set of reasons."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.open = Gauge(
            "router_subscriptions_open",
            "Subscriptions being served, by client transport.",
            ["transport"],
            registry=registry,
        )
        self.connections = Gauge(
            "router_subscription_connections_open",
            "Subscription sockets and streams open, by client transport.",
            ["transport"],
            registry=registry,
        )
        self.events = Counter(
            "router_subscription_events",
            "Subscription events delivered to clients, by transport.",
            ["transport"],
            registry=registry,
        )
        self.ended = Counter(
            "router_subscriptions_ended",
            "Subscriptions ended, by how: complete, client, source_closed, unauthenticated, "
            "shutdown, error.",
            ["transport", "reason"],
            registry=registry,
        )
        self.refused = Counter(
            "router_subscription_connections_refused",
            "Subscription connections refused: global_limit, client_limit, operation_limit, "
            "unauthenticated.",
            ["reason"],
            registry=registry,
        )


@dataclass(eq=False)
class Admission:
    """One admitted connection; ``release`` frees its places (idempotent)."""

    hub: SubscriptionHub
    client: str
    transport: Transport
    released: bool = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.hub._release(self)


@dataclass(eq=False)
class SubscriptionHub:
    """Counts connections, and tells every stream when the router shuts down."""

    settings: SubscriptionSettings
    metrics: SubscriptionMetrics
    total: int = 0
    per_client: Tally[str] = field(default_factory=Tally)
    closing: asyncio.Event = field(default_factory=asyncio.Event)
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    def admit(self, client: str, transport: Transport) -> Admission:
        """A place for one more connection of ``client``; raises ``TooManySubscriptions``."""
        if self.closing.is_set():
            raise TooManySubscriptions("The router is shutting down")
        if self.total >= self.settings.max_connections:
            self.metrics.refused.labels("global_limit").inc()
            raise TooManySubscriptions("Too many subscriptions on this router: try again later")
        if self.per_client[client] >= self.settings.max_connections_per_client:
            self.metrics.refused.labels("client_limit").inc()
            raise TooManySubscriptions(
                f"At most {self.settings.max_connections_per_client} subscription "
                "connections per client"
            )
        self.total += 1
        self.idle.clear()
        self.per_client[client] += 1
        self.metrics.connections.labels(transport).inc()
        return Admission(self, client, transport)

    def _release(self, admission: Admission) -> None:
        self.total -= 1
        if self.total == 0:
            self.idle.set()
        self.per_client[admission.client] -= 1
        if self.per_client[admission.client] <= 0:
            del self.per_client[admission.client]
        self.metrics.connections.labels(admission.transport).dec()

    def shutdown(self) -> None:
        """End every stream (``SHUTTING_DOWN``) and refuse new ones."""
        self.closing.set()

    async def wait_idle(self, *, seconds: float) -> None:
        """Until every connection closed (after ``shutdown``), ``seconds`` at most."""
        if self.total:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self.idle.wait()

    @contextlib.contextmanager
    def serving(self, transport: Transport) -> Iterator[None]:
        self.metrics.open.labels(transport).inc()
        try:
            yield
        finally:
            self.metrics.open.labels(transport).dec()


def client_key(claims: Mapping[str, Any] | None, address: str | None) -> str:
    """Whom the per-client limit counts: the user of the token, else the address."""
    if claims is not None and isinstance(claims.get("sub"), str):
        return f"user:{claims['sub']}"
    return f"addr:{address or 'unknown'}"


@dataclass(eq=False)
class TokenGuard:
    """The connection's token, checked again while its streams run: the same verifier as
    HTTP requests (signature, issuer, audience, expiry, revocation list). A revocation list
    that does not answer keeps the stream (it is checked again at the next interval)."""

    verifier: TokenVerifier | None
    authorization: str | None
    claims: Mapping[str, Any] | None
    revalidate_seconds: float
    clock: Callable[[], float] = time.time
    _next_check: float = 0.0

    def __post_init__(self) -> None:
        self._next_check = self.clock() + self.revalidate_seconds

    def seconds_to_next_check(self) -> float | None:
        if self.verifier is None or self.claims is None:
            return None
        due = self._next_check
        exp = self.claims.get("exp")
        if isinstance(exp, int | float):
            due = min(due, float(exp))
        return max(0.0, due - self.clock())

    async def check(self) -> dict[str, Any] | None:
        """An UNAUTHENTICATED error once the token expired or was revoked, else ``None``."""
        if self.verifier is None or self.claims is None:
            return None
        now = self.clock()
        exp = self.claims.get("exp")
        if isinstance(exp, int | float) and now >= exp:
            return Unauthenticated("The token expired: refresh it and subscribe again").to_graphql()
        if now < self._next_check:
            return None
        self._next_check = now + self.revalidate_seconds
        try:
            await self.verifier.verify(self.authorization)
        except Unauthenticated as exc:
            return exc.to_graphql()
        except Unavailable:
            return None
        return None


async def frames(
    events: AsyncIterator[dict[str, Any]],
    *,
    hub: SubscriptionHub,
    guard: TokenGuard,
    heartbeat: float | None,
) -> AsyncIterator[Frame]:
    """The transport-neutral life of one subscription (see the module docstring)."""
    iterator = aiter(events)
    pending: asyncio.Future[Any] | None = None
    closing: asyncio.Future[Any] = asyncio.ensure_future(hub.closing.wait())
    last = time.monotonic()
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(iterator))
            check = guard.seconds_to_next_check()
            waits = [] if check is None else [check]
            if heartbeat is not None:
                waits.append(max(0.0, heartbeat - (time.monotonic() - last)))
            done, _ = await asyncio.wait(
                {pending, closing},
                timeout=min(waits) if waits else None,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if pending in done:
                task, pending = pending, None
                try:
                    body = task.result()
                except StopAsyncIteration:
                    yield ("complete", None)
                    return
                except RouterError as exc:
                    yield ("error", [exc.to_graphql()])
                    return
                last = time.monotonic()
                yield ("next", body)
                continue
            if closing in done:
                yield ("error", [shutting_down_error()])
                return
            problem = await guard.check()
            if problem is not None:
                yield ("error", [problem])
                return
            if heartbeat is not None and time.monotonic() - last >= heartbeat:
                last = time.monotonic()
                yield ("heartbeat", None)
    finally:
        closing.cancel()
        if pending is not None:
            pending.cancel()
            await asyncio.wait({pending})
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(Exception):
                await aclose()

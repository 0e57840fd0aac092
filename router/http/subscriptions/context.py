"""What the three subscription transports share: who the client is (the token, checked with
the same verifier as every HTTP request), whether it may open one more connection, and the
engine call with the headers every subgraph request of the connection carries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from router.edge.headers import HeaderPlan
from router.edge.jwt import TokenVerifier
from router.edge.subscriptions import (
    Admission,
    Frame,
    SubscriptionHub,
    TokenGuard,
    Transport,
    client_key,
    frames,
)
from router.pipeline import ExecutionOutcome, GraphQLRequest
from router.settings import SubscriptionSettings

__all__ = ["Connection", "SubscribingEngine", "SubscriptionContext"]


@runtime_checkable
class SubscribingEngine(Protocol):
    """An engine that serves subscriptions (``router.pipeline.Pipeline``)."""

    async def subscribe(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome: ...


@dataclass(frozen=True, slots=True)
class Connection:
    """One authenticated, admitted client connection (a socket, or one HTTP stream)."""

    admission: Admission
    guard: TokenGuard
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class SubscriptionContext:
    engine: SubscribingEngine
    hub: SubscriptionHub
    verifier: TokenVerifier | None
    header_plan: HeaderPlan
    settings: SubscriptionSettings

    async def connect(
        self,
        *,
        authorization: str | None,
        incoming: Mapping[str, str],
        track_id: str,
        address: str | None,
        transport: Transport,
    ) -> Connection:
        """Verify the token and take a place; raises ``Unauthenticated``/``Unavailable`` or
        ``TooManySubscriptions`` (counted in the metrics)."""
        claims = None
        if self.verifier is not None:
            try:
                claims = await self.verifier.verify(authorization)
            except Exception:
                self.hub.metrics.refused.labels("unauthenticated").inc()
                raise
        admission = self.hub.admit(client_key(claims, address), transport)
        headers = self.header_plan.apply(incoming, track_id, address)
        if authorization is not None:
            headers["authorization"] = authorization
        guard = TokenGuard(self.verifier, authorization, claims, self.settings.revalidate_seconds)
        return Connection(admission, guard, headers)

    async def run(
        self,
        connection: Connection,
        request: GraphQLRequest,
        transport: Transport,
        *,
        heartbeat: float | None,
    ) -> AsyncIterator[Frame]:
        """The frames of one operation on ``connection``: a refused operation is one
        ``error`` frame, a query or mutation one ``next`` then ``complete``."""
        metrics = self.hub.metrics
        outcome = await self.engine.subscribe(request, headers=connection.headers)
        if outcome.events is None:
            body = outcome.response
            if "data" in body:
                yield ("next", body)
                yield ("complete", None)
            else:
                yield ("error", body.get("errors") or [])
            return
        reason = "client"
        with self.hub.serving(transport):
            try:
                async for frame in frames(
                    outcome.events, hub=self.hub, guard=connection.guard, heartbeat=heartbeat
                ):
                    kind, payload = frame
                    if kind == "next":
                        metrics.events.labels(transport).inc()
                    elif kind == "complete":
                        reason = "complete"
                    elif kind == "error":
                        reason = _reason(payload)
                    yield frame
            finally:
                metrics.ended.labels(transport, reason).inc()


_REASONS = {
    "SUBSCRIPTION_SOURCE_CLOSED": "source_closed",
    "UNAUTHENTICATED": "unauthenticated",
    "SHUTTING_DOWN": "shutdown",
}


def _reason(errors: Any) -> str:
    code = None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = (errors[0].get("extensions") or {}).get("code")
    return _REASONS.get(code, "error") if isinstance(code, str) else "error"

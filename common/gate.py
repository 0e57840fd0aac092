"""Subgraphs answer the router only: a shared secret on every subgraph request, and the client's
address the router saw.

The router sends `X-Subgraph-Secret: <SUBGRAPH_SHARED_SECRET>` and `X-Forwarded-For: <client>`
(the address it took from its socket or its trusted proxies) with every subgraph fetch. With a
secret configured, `SubgraphGate` refuses every `/graphql` request that does not carry it
(FORBIDDEN, HTTP 403) and, for those that do, makes the forwarded address the request's client
(`request.client.host`), so per-address rules such as auth's login throttle see real clients.
Without a secret (development and tests that do not set one) every request passes and the
forwarded address is ignored: only a request that proved it comes from the router is believed.
Production refuses to start without a secret (`common.settings.ServiceSettings`).

The router's subscription sockets (WebSocket on `/graphql`) pass the same gate: a handshake
without the secret is refused (HTTP 403). Health, metrics and auth's JWKS stay open (probes
and token verifiers call them).
"""

from __future__ import annotations

import hmac
import ipaddress

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["CLIENT_ADDRESS_HEADER", "SECRET_HEADER", "SubgraphGate", "forwarded_client"]

SECRET_HEADER = "x-subgraph-secret"
CLIENT_ADDRESS_HEADER = "x-forwarded-for"
_SECRET = SECRET_HEADER.encode()
_FORWARDED = CLIENT_ADDRESS_HEADER.encode()
_REFUSAL = orjson.dumps(
    {
        "errors": [
            {
                "message": "Subgraphs answer the router only",
                "extensions": {"code": "FORBIDDEN"},
            }
        ]
    }
)


def forwarded_client(value: bytes) -> str | None:
    """The address of an `X-Forwarded-For` the router wrote (one address), if it is one."""
    first = value.split(b",", 1)[0].strip().decode("latin-1")
    try:
        return str(ipaddress.ip_address(first))
    except ValueError:
        return None


class SubgraphGate:
    """Pure ASGI: refuse requests without the router's secret; believe its client address."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.secret = secret.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.secret:
            await self.app(scope, receive, send)
            return
        presented = forwarded = None
        for name, value in scope["headers"]:
            if name == _SECRET:
                presented = value
            elif name == _FORWARDED:
                forwarded = value
        if presented is None or not hmac.compare_digest(presented, self.secret):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4403, "reason": "Forbidden"})
            else:
                await _refuse(send)
            return
        if forwarded is not None and (address := forwarded_client(forwarded)) is not None:
            scope = {**scope, "client": (address, 0)}
        await self.app(scope, receive, send)


async def _refuse(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_REFUSAL)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _REFUSAL})

"""The router's side of a subgraph subscription: graphql-transport-ws over aiohttp.

One WebSocket per client subscription (``connection_init`` → ``connection_ack`` → ``subscribe``
→ ``next``* → ``complete``), with the same headers a fetch would carry (bearer, subgraph secret,
track id, client address) on the handshake, where Strawberry's context reads them. aiohttp
pings the socket (``heartbeat``) so a subgraph that vanished without a FIN is noticed too.
A socket that closes before ``complete`` (the subgraph restarted or died) raises
``SourceClosedError``: the stream ends with an error the client can act on (resubscribe).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any, Protocol

import aiohttp
import orjson

from router.errors import SubgraphError

__all__ = ["PROTOCOL", "SourceClosedError", "SubgraphSubscriber", "WebSocketSubscriber"]

PROTOCOL = "graphql-transport-ws"


class SourceClosedError(SubgraphError):
    """The subgraph's subscription ended without ``complete``: resubscribe later."""

    code = "SUBSCRIPTION_SOURCE_CLOSED"


class SubgraphSubscriber(Protocol):
    def subscribe(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[dict[str, Any]]:
        """Each event's GraphQL response (``data`` / ``errors``) until the subgraph completes;
        raises ``SourceClosedError`` when it cannot connect or the socket drops."""
        ...

    async def aclose(self) -> None: ...


class WebSocketSubscriber:
    def __init__(
        self,
        urls: Mapping[str, str],
        *,
        connect_timeout: float = 10.0,
        heartbeat: float | None = 15.0,
    ) -> None:
        self.urls = dict(urls)
        self.connect_timeout = connect_timeout
        self.heartbeat = heartbeat
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # no connection cap: each open subscription holds its socket for its whole life
            # (aiohttp's default of 100 would leave the 101st waiting forever)
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
            self._loop = loop
        return self._session

    async def subscribe(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> AsyncIterator[dict[str, Any]]:
        url = self.urls.get(subgraph)
        if url is None:
            raise SourceClosedError(f"unknown subgraph {subgraph!r}", subgraph=subgraph)
        try:
            ws = await self._client().ws_connect(
                url,
                protocols=(PROTOCOL,),
                headers=dict(headers),
                heartbeat=self.heartbeat,
                timeout=aiohttp.ClientWSTimeout(ws_close=2.0),
            )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise SourceClosedError(
                f"could not subscribe to {subgraph!r}: {exc}", subgraph=subgraph
            ) from None
        completed = False
        try:
            await ws.send_str(orjson.dumps({"type": "connection_init", "payload": {}}).decode())
            async with asyncio.timeout(self.connect_timeout):
                ack = await _next_message(ws, subgraph)
            if ack.get("type") != "connection_ack":
                raise SourceClosedError(
                    f"{subgraph!r} refused the subscription connection", subgraph=subgraph
                )
            subscribe = {"type": "subscribe", "id": "1", "payload": body}
            await ws.send_str(orjson.dumps(subscribe).decode())
            while True:
                message = await _next_message(ws, subgraph)
                kind = message.get("type")
                if kind == "next":
                    payload = message.get("payload")
                    if isinstance(payload, dict):
                        yield payload
                elif kind == "error":
                    completed = True
                    errors = message.get("payload")
                    yield {"errors": errors if isinstance(errors, list) else []}
                    return
                elif kind == "complete":
                    completed = True
                    return
                elif kind == "ping":
                    await ws.send_str(orjson.dumps({"type": "pong"}).decode())
        except TimeoutError:
            raise SourceClosedError(
                f"{subgraph!r} did not acknowledge the subscription connection",
                subgraph=subgraph,
            ) from None
        finally:
            if not completed and not ws.closed:
                with contextlib.suppress(aiohttp.ClientError, ConnectionError, RuntimeError):
                    await ws.send_str(orjson.dumps({"type": "complete", "id": "1"}).decode())
            await ws.close()

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


async def _next_message(ws: aiohttp.ClientWebSocketResponse, subgraph: str) -> dict[str, Any]:
    """The next protocol message; a closed or broken socket raises ``SourceClosedError``."""
    while True:
        msg = await ws.receive()
        if msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
            try:
                message = orjson.loads(msg.data)
            except orjson.JSONDecodeError:
                continue
            if isinstance(message, dict):
                return message
            continue
        if msg.type in (aiohttp.WSMsgType.PING, aiohttp.WSMsgType.PONG):
            continue
        raise SourceClosedError(
            f"the subscription to {subgraph!r} was closed by the subgraph "
            f"(code {ws.close_code}); subscribe again",
            subgraph=subgraph,
        )

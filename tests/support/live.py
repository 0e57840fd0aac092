"""Clients of the router's three subscription transports, for tests: graphql-transport-ws over
aiohttp, and Server-Sent Events and Apollo's multipart protocol over httpx streams."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import orjson

from common.redis import connect

__all__ = [
    "multipart_events",
    "receive",
    "sse_events",
    "subscribe",
    "until_listening",
    "ws_connection",
]

DELIMITER = b"\r\n--graphql"


@contextlib.asynccontextmanager
async def ws_connection(
    url: str, *, payload: dict[str, Any] | None = None
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A graphql-transport-ws socket after ``connection_init`` (the ack is the caller's)."""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, protocols=("graphql-transport-ws",)) as ws,
    ):
        init: dict[str, Any] = {"type": "connection_init"}
        if payload is not None:
            init["payload"] = payload
        await ws.send_str(orjson.dumps(init).decode())
        yield ws


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    """The next protocol message; a close becomes ``{"type": "closed", "code", "reason"}``."""
    msg = await ws.receive(timeout=5.0)
    if msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
        message: dict[str, Any] = orjson.loads(msg.data)
        return message
    return {"type": "closed", "code": ws.close_code, "reason": msg.extra}


async def subscribe(
    ws: aiohttp.ClientWebSocketResponse, op_id: str, query: str, variables: dict[str, Any]
) -> None:
    payload = {"query": query, "variables": variables}
    message = {"type": "subscribe", "id": op_id, "payload": payload}
    await ws.send_str(orjson.dumps(message).decode())


async def sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """(event, data) of a text/event-stream; comment lines (heartbeats) as ("", ":")."""
    event, data = "", []
    async for line in response.aiter_lines():
        if line.startswith(":"):
            yield "", ":"
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "":
            if event or data:
                yield event, "\n".join(data)
            event, data = "", []


async def multipart_events(response: httpx.Response) -> AsyncIterator[dict[str, Any] | None]:
    """Each JSON part of Apollo's multipart protocol; ``None`` for the closing delimiter."""
    buffer = b""
    async for chunk in response.aiter_bytes():
        pieces = (buffer + chunk).split(DELIMITER)
        buffer = b""
        for index, piece in enumerate(pieces):
            if piece.startswith(b"--"):
                yield None
                return
            _, separator, body = piece.partition(b"\r\n\r\n")
            try:
                value = orjson.loads(body) if separator else None
            except orjson.JSONDecodeError:
                value = None
            if value is None:
                if piece and index == len(pieces) - 1:  # incomplete: wait for more bytes
                    buffer = (DELIMITER if index else b"") + piece
                continue
            yield value


async def until_listening(redis: str, channel: str, *, listeners: int = 1) -> None:
    """Wait until a service subscribed ``channel`` on Redis pub/sub (common.live): the
    subscription is live, so an event published now reaches it."""
    client = connect(redis)
    try:
        async with asyncio.timeout(10):
            while True:
                counts = dict(await client.pubsub_numsub(channel))
                if counts.get(channel.encode(), 0) >= listeners:
                    return
                await asyncio.sleep(0.02)
    finally:
        await client.aclose()

"""graphql-transport-ws (the ``graphql-ws`` library's protocol, as Apollo Router, Hive Router
and Strawberry speak it) on ``/graphql`` and ``/ws``.

``connection_init`` authenticates the socket: its payload's ``Authorization`` (or
``headers.Authorization``; a browser cannot set handshake headers) else the handshake's
header, checked by the same verifier as HTTP requests; a refused token closes with 4403, a
client over its limit with 1013 (try again later). Then ``subscribe``/``next``/``error``/
``complete`` per operation id, ``ping``/``pong`` both ways. Close codes follow the protocol:
4400 bad message, 4401 subscribe before ack, 4406 subprotocol, 4408 init timeout, 4409
duplicate id, 4429 second init; 1001 when the router shuts down (each operation first gets an
``error`` with ``SHUTTING_DOWN``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
import structlog
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from common.tracking import resolve_track_id
from router.edge.errors import BadRequest, EdgeError
from router.edge.subscriptions import TooManySubscriptions
from router.http.params import params_from_mapping
from router.http.subscriptions.context import Connection, SubscriptionContext
from router.pipeline import GraphQLRequest

__all__ = ["PROTOCOL", "TransportWsEndpoint"]

PROTOCOL = "graphql-transport-ws"
log = structlog.get_logger(__name__)


def authorization_from(payload: Any, handshake: Mapping[str, str]) -> str | None:
    """The connection's ``Authorization``: from ``connection_init``'s payload, else the
    handshake (servers and CLI clients can set it there)."""
    if isinstance(payload, Mapping):
        for source in (payload, payload.get("headers")):
            if isinstance(source, Mapping):
                for key, value in source.items():
                    if isinstance(key, str) and key.lower() == "authorization":
                        return value if isinstance(value, str) else None
    return handshake.get("authorization")


class _Close(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class TransportWsEndpoint:
    context: SubscriptionContext

    async def endpoint(self, websocket: WebSocket) -> None:
        if PROTOCOL not in websocket.scope.get("subprotocols", []):
            await websocket.accept()  # a close code needs an open socket
            await websocket.close(4406, "Subprotocol not acceptable")
            return
        await websocket.accept(PROTOCOL)
        session = _Session(self.context, websocket)
        try:
            await session.run()
        except _Close as close:
            await session.close(close.code, close.reason)
        except WebSocketDisconnect:
            pass
        finally:
            await session.stop()


class _Session:
    def __init__(self, context: SubscriptionContext, websocket: WebSocket) -> None:
        self.context = context
        self.websocket = websocket
        self.connection: Connection | None = None
        self.operations: dict[str, asyncio.Task[None]] = {}
        self.lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        async with self.lock:
            if self.websocket.application_state == WebSocketState.CONNECTED:
                await self.websocket.send_text(orjson.dumps(message).decode())

    async def close(self, code: int, reason: str) -> None:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            if self.websocket.application_state == WebSocketState.CONNECTED:
                await self.websocket.close(code, reason)

    async def receive(self) -> dict[str, Any]:
        text = await self.websocket.receive_text()
        try:
            message = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise _Close(4400, "Invalid message received") from None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            raise _Close(4400, "Invalid message received")
        return message

    async def run(self) -> None:
        settings = self.context.settings
        try:
            async with asyncio.timeout(settings.connection_init_timeout_seconds):
                first = await self.receive()
        except TimeoutError:
            raise _Close(4408, "Connection initialisation timeout") from None
        if first["type"] != "connection_init":
            raise _Close(4401, "Unauthorized")
        await self.initialise(first.get("payload"))
        closing = asyncio.ensure_future(self.context.hub.closing.wait())
        try:
            while True:
                receiving = asyncio.ensure_future(self.receive())
                done, _ = await asyncio.wait(
                    {receiving, closing}, return_when=asyncio.FIRST_COMPLETED
                )
                if receiving not in done:
                    receiving.cancel()
                    await asyncio.wait({receiving})
                    # every operation sends its SHUTTING_DOWN error, then the socket closes
                    await self.drain()
                    raise _Close(1001, "The router is shutting down")
                await self.handle(receiving.result())
        finally:
            closing.cancel()

    async def initialise(self, payload: Any) -> None:
        websocket = self.websocket
        headers = websocket.headers
        authorization = authorization_from(payload, headers)
        address = websocket.client.host if websocket.client else None
        try:
            self.connection = await self.context.connect(
                authorization=authorization,
                incoming=headers,
                track_id=resolve_track_id(websocket.scope["headers"]),
                address=address,
                transport="ws",
            )
        except TooManySubscriptions as exc:
            raise _Close(1013, exc.message[:120]) from None
        except EdgeError as exc:
            raise _Close(4403, f"Forbidden: {exc.message}"[:120]) from None
        await self.send({"type": "connection_ack"})

    async def handle(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "ping":
            await self.send({"type": "pong"})
        elif kind == "pong":
            pass
        elif kind == "connection_init":
            raise _Close(4429, "Too many initialisation requests")
        elif kind == "subscribe":
            await self.subscribe(message)
        elif kind == "complete":
            task = self.operations.pop(str(message.get("id")), None)
            if task is not None:
                task.cancel()
        else:
            raise _Close(4400, f"Unexpected message type {kind!r}"[:120])

    async def subscribe(self, message: dict[str, Any]) -> None:
        op_id, payload = message.get("id"), message.get("payload")
        if not isinstance(op_id, str) or not op_id or not isinstance(payload, dict):
            raise _Close(4400, "Invalid subscribe message")
        if op_id in self.operations:
            raise _Close(4409, f"Subscriber for {op_id} already exists"[:120])
        if len(self.operations) >= self.context.settings.max_operations_per_connection:
            self.context.hub.metrics.refused.labels("operation_limit").inc()
            error = TooManySubscriptions(
                f"At most {self.context.settings.max_operations_per_connection} "
                "operations per connection"
            )
            await self.send({"type": "error", "id": op_id, "payload": [error.to_graphql()]})
            return
        try:
            params = params_from_mapping(payload)
        except EdgeError as exc:
            await self.send({"type": "error", "id": op_id, "payload": [exc.to_graphql()]})
            return
        if params.query is None:
            missing = BadRequest("Must provide query string.")
            await self.send({"type": "error", "id": op_id, "payload": [missing.to_graphql()]})
            return
        request = GraphQLRequest(params.query, params.variables, params.operation_name)
        self.operations[op_id] = asyncio.create_task(self.operate(op_id, request))

    async def operate(self, op_id: str, request: GraphQLRequest) -> None:
        assert self.connection is not None
        try:
            async for kind, payload in self.context.run(
                self.connection, request, "ws", heartbeat=None
            ):
                if kind == "next":
                    await self.send({"type": "next", "id": op_id, "payload": payload})
                elif kind == "error":
                    await self.send({"type": "error", "id": op_id, "payload": payload})
                elif kind == "complete":
                    await self.send({"type": "complete", "id": op_id})
        except (WebSocketDisconnect, RuntimeError):
            pass  # the client went away while we wrote
        except Exception:
            log.exception("subscription.failed", operation_id=op_id)
            error = {"message": "Internal server error", "extensions": {"code": "INTERNAL"}}
            with contextlib.suppress(Exception):
                await self.send({"type": "error", "id": op_id, "payload": [error]})
        finally:
            if self.operations.get(op_id) is asyncio.current_task():
                del self.operations[op_id]

    async def drain(self) -> None:
        """Let every operation send its last message (bounded: a stuck one is cancelled)."""
        tasks = list(self.operations.values())
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=2.0)
            for task in pending:
                task.cancel()

    async def stop(self) -> None:
        tasks = list(self.operations.values())
        self.operations.clear()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        if self.connection is not None:
            self.connection.admission.release()

"""Track ids: accept the client's ``X-Track-Id`` (or upstream's ``Request-Id``) or issue one.

A pure ASGI middleware (no body copying): it puts the id in ``scope["state"]["track_id"]``, binds
it to structlog's contextvars so every log line of the request carries it, and returns it in the
``X-Track-Id`` response header.
"""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import bound_contextvars

__all__ = ["TrackIdMiddleware", "resolve_track_id"]

_HEADER = b"x-track-id"
_UPSTREAM = b"request-id"
# Printable, header-safe, bounded: ids end up in logs and in headers sent to subgraphs. The same
# rule as ``common.tracking`` so a subgraph never replaces an id the router accepted.
_VALID = re.compile(rb"[A-Za-z0-9._:\-]{8,128}")


def resolve_track_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's id if it is well formed, else a fresh UUID."""
    fallback: bytes | None = None
    for name, value in headers:
        if name == _HEADER:
            if _VALID.fullmatch(value):
                return value.decode("ascii")
        elif name == _UPSTREAM and fallback is None and _VALID.fullmatch(value):
            fallback = value
    if fallback is not None:
        return fallback.decode("ascii")
    return str(uuid.uuid4())


class TrackIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        track_id = resolve_track_id(scope["headers"])
        scope.setdefault("state", {})["track_id"] = track_id
        encoded = track_id.encode("ascii")

        async def send_with_track_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                headers.append((_HEADER, encoded))
                message["headers"] = headers
            await send(message)

        with bound_contextvars(track_id=track_id):
            await self.app(scope, receive, send_with_track_id)

"""The track id: one id follows a client through every request, gRPC call, event and log line.

Clients send `X-Track-Id` (upstream's `Request-Id` is accepted too); without a usable one we
issue a new id. It lives in a context variable so logs, gRPC metadata and event envelopes can
read it without being handed it.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TRACK_ID_HEADER = "x-track-id"
UPSTREAM_REQUEST_ID_HEADER = "request-id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

track_id_var: ContextVar[str | None] = ContextVar("track_id", default=None)


def new_track_id() -> str:
    return str(uuid.uuid4())


def valid_track_id(value: str | None) -> str | None:
    if value and _VALID.match(value):
        return value
    return None


def current_track_id() -> str | None:
    return track_id_var.get()


def bind_track_id(track_id: str) -> None:
    track_id_var.set(track_id)
    structlog.contextvars.bind_contextvars(track_id=track_id)


class TrackIdMiddleware:
    """Reads or issues the track id, binds it for the request, and echoes it in the response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        track_id = (
            valid_track_id(headers.get(TRACK_ID_HEADER))
            or valid_track_id(headers.get(UPSTREAM_REQUEST_ID_HEADER))
            or new_track_id()
        )
        structlog.contextvars.clear_contextvars()
        bind_track_id(track_id)

        async def send_with_track_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[TRACK_ID_HEADER] = track_id
            await send(message)

        await self.app(scope, receive, send_with_track_id)

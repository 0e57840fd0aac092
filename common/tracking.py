"""The track id: one id follows a client through every request, gRPC call, event and log line.

One middleware for the router and every service. The id is the request's `X-Track-Id`
(upstream's `Request-Id` is accepted too), else the track-id cookie the router issued to this
client, else a new one. It lives in a context variable (logs, gRPC metadata and event envelopes
read it without being handed it) and in `scope["state"]["track_id"]`, and is echoed in the
`X-Track-Id` response header.

The router, the edge browsers and apps talk to, also keeps the id in a cookie (`TrackCookie`):
issued once, returned by the browser with every request, so one client is one track session
for as long as the cookie lives, whether or not the client ever reads the header. Services
behind the router get the id in `X-Track-Id` and set no cookie.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from http.cookies import SimpleCookie

import sentry_sdk
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from structlog.contextvars import bound_contextvars

__all__ = [
    "TRACK_ID_HEADER",
    "TrackCookie",
    "TrackIdMiddleware",
    "bind_track_id",
    "current_track_id",
    "new_track_id",
    "resolve_track_id",
    "track_id_var",
    "valid_track_id",
]

TRACK_ID_HEADER = "x-track-id"
UPSTREAM_REQUEST_ID_HEADER = "request-id"
_HEADER = TRACK_ID_HEADER.encode()
_UPSTREAM = UPSTREAM_REQUEST_ID_HEADER.encode()
# Printable, header-safe, bounded: ids end up in logs, headers to subgraphs and cookies.
_VALID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

track_id_var: ContextVar[str | None] = ContextVar("track_id", default=None)


def new_track_id() -> str:
    return str(uuid.uuid4())


def valid_track_id(value: str | None) -> str | None:
    if value and _VALID.fullmatch(value):
        return value
    return None


def current_track_id() -> str | None:
    return track_id_var.get()


def bind_track_id(track_id: str) -> None:
    track_id_var.set(track_id)
    structlog.contextvars.bind_contextvars(track_id=track_id)


@dataclass(frozen=True, slots=True)
class TrackCookie:
    """The cookie that keeps a client's track id (the router's; `HttpOnly`, `SameSite=Lax`)."""

    name: str = "track_id"
    max_age_seconds: int = 30 * 24 * 3600  # as long as sessions keeps an unseen track id
    secure: bool = False

    def read(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        for name, value in headers:
            if name == b"cookie":
                cookie: SimpleCookie = SimpleCookie()
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # http.cookies raises CookieError on junk; junk is no id
                    continue
                morsel = cookie.get(self.name)
                if morsel is not None and (found := valid_track_id(morsel.value)):
                    return found
        return None

    def header(self, track_id: str) -> bytes:
        secure = "; Secure" if self.secure else ""
        return (
            f"{self.name}={track_id}; Path=/; Max-Age={self.max_age_seconds}; HttpOnly; "
            f"SameSite=Lax{secure}"
        ).encode("latin-1")


def _from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The client's `X-Track-Id`, else upstream's `Request-Id`, when well formed."""
    fallback: bytes | None = None
    for name, value in headers:
        if name == _HEADER:
            if _VALID.fullmatch(value.decode("latin-1")):
                return value.decode("ascii")
        elif name == _UPSTREAM and fallback is None and _VALID.fullmatch(value.decode("latin-1")):
            fallback = value
    return None if fallback is None else fallback.decode("ascii")


def resolve_track_id(headers: list[tuple[bytes, bytes]], cookie: TrackCookie | None = None) -> str:
    """The client's id if it is well formed (header, upstream header, cookie), else a new one."""
    kept = cookie.read(headers) if cookie is not None else None
    return _from_headers(headers) or kept or new_track_id()


class TrackIdMiddleware:
    """Reads or issues the track id, binds it for the request, and echoes it in the response;
    with a cookie, an id the middleware issued goes in the cookie too (a client that names its
    own id in the header keeps its cookie as it is)."""

    def __init__(self, app: ASGIApp, cookie: TrackCookie | None = None) -> None:
        self.app = app
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        named = _from_headers(headers)
        kept = self.cookie.read(headers) if self.cookie is not None else None
        track_id = named or kept or new_track_id()
        scope.setdefault("state", {})["track_id"] = track_id
        encoded = track_id.encode("ascii")
        set_cookie = self.cookie is not None and named is None and kept is None

        async def send_with_track_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = list(message.get("headers", ()))
                out.append((_HEADER, encoded))
                if set_cookie and self.cookie is not None:
                    out.append((b"set-cookie", self.cookie.header(track_id)))
                message["headers"] = out
            await send(message)

        token = track_id_var.set(track_id)
        # The graveyard reports unhandled errors outside this middleware (Sentry's own ASGI
        # middleware, one isolation scope per request): the tag keeps the id for them.
        sentry_sdk.set_tag("track_id", track_id)
        try:
            with bound_contextvars(track_id=track_id):
                await self.app(scope, receive, send_with_track_id)
        finally:
            track_id_var.reset(token)

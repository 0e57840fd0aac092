"""Track id resolution (the client's, upstream's Request-Id, the cookie, or a new UUID) and
the router's cookie that keeps an issued id."""

from __future__ import annotations

import uuid

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from common.tracking import TrackCookie, TrackIdMiddleware, resolve_track_id


def test_client_track_id_wins() -> None:
    headers = [(b"request-id", b"upstream-0001"), (b"x-track-id", b"client-0001")]
    assert resolve_track_id(headers) == "client-0001"


def test_upstream_request_id_is_accepted() -> None:
    assert resolve_track_id([(b"request-id", b"upstream-0001")]) == "upstream-0001"


def test_invalid_ids_are_replaced() -> None:
    for value in (b"short", b"has space-123", b"x" * 129, b"semi;colon-1"):
        assert uuid.UUID(resolve_track_id([(b"x-track-id", value)]))


def test_invalid_client_id_falls_back_to_request_id() -> None:
    headers = [(b"x-track-id", b"bad"), (b"request-id", b"upstream-0002")]
    assert resolve_track_id(headers) == "upstream-0002"


def test_new_ids_are_unique() -> None:
    assert resolve_track_id([]) != resolve_track_id([])


async def _app_with_cookie() -> tuple[httpx.AsyncClient, list[str]]:
    seen: list[str] = []

    async def endpoint(request: Request) -> PlainTextResponse:
        seen.append(request.scope["state"]["track_id"])
        return PlainTextResponse("ok")

    app = Starlette(
        routes=[Route("/", endpoint)],
        middleware=[Middleware(TrackIdMiddleware, cookie=TrackCookie())],
    )
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://edge")
    return client, seen


async def test_the_cookie_keeps_an_issued_id() -> None:
    client, seen = await _app_with_cookie()
    async with client:
        first = await client.get("/")
        issued = first.headers["x-track-id"]
        assert f"track_id={issued}" in first.headers["set-cookie"]
        assert "HttpOnly" in first.headers["set-cookie"]
        again = await client.get("/")  # the client returns the cookie
        assert again.headers["x-track-id"] == issued
        assert "set-cookie" not in again.headers
    assert seen == [issued, issued]


async def test_a_named_id_wins_and_leaves_the_cookie_alone() -> None:
    client, seen = await _app_with_cookie()
    async with client:
        await client.get("/")
        named = await client.get("/", headers={"x-track-id": "script-000001"})
    assert named.headers["x-track-id"] == "script-000001"
    assert "set-cookie" not in named.headers
    assert seen[1] == "script-000001"


async def test_a_junk_cookie_is_replaced() -> None:
    client, _ = await _app_with_cookie()
    async with client:
        response = await client.get("/", headers={"cookie": "track_id=bad id; other=1"})
    assert uuid.UUID(response.headers["x-track-id"])
    assert response.headers["set-cookie"].startswith("track_id=")

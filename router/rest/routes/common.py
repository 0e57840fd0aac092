"""Small pieces every area's table uses: bare-string replies, pings, 501 routes, schemas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.rest.problems import Problem
from router.rest.spec import Auth, Call, Handler, Reply, Route

__all__ = [
    "DONE",
    "ME_ROLE",
    "STRING",
    "not_implemented",
    "ping_routes",
    "require_owner",
]

DONE = Reply("DONE")
STRING: Mapping[str, Any] = {"type": "string"}
ME_ROLE = "query RestViewerRole { me { id role } }"


async def require_owner(call: Call) -> dict[str, Any]:
    """The viewer (``me {id role}``) when it is an OWNER; 401 anonymous, 403 otherwise."""
    me = (await call.gql(ME_ROLE))["me"]
    if me is None:
        raise Problem(401, "Sign in first")
    if me["role"] != "OWNER":
        raise Problem(403, "Only an OWNER may do this")
    viewer: dict[str, Any] = me
    return viewer


def not_implemented(reason: str) -> Handler:
    async def handler(call: Call) -> Reply:
        raise Problem(501, reason)

    return handler


async def _pong(call: Call) -> Reply:
    return Reply("Pong!")


async def _safe_pong(call: Call) -> Reply:
    await require_owner(call)
    return Reply("Pong!")


def ping_routes(area: str) -> list[Route]:
    """``GET /<area>/ping`` (public), ``/safe-ping`` (OWNER), ``/debug/vars`` (501)."""
    return [
        Route(
            "GET",
            (f"/{area}/ping",),
            area,
            'Liveness of the area (always "Pong!").',
            Auth.ANONYMOUS,
            _pong,
            response=STRING,
            errors=(),
        ),
        Route(
            "GET",
            (f"/{area}/safe-ping",),
            area,
            '"Pong!" for an OWNER (checks the token and the role through `me`).',
            Auth.USER,
            _safe_pong,
            operation=ME_ROLE,
            response=STRING,
            errors=(401, 403),
        ),
        Route(
            "GET",
            (f"/{area}/debug/vars",),
            area,
            "Go expvar dump upstream; the router has /metrics instead.",
            Auth.USER,
            not_implemented("Go expvar has no counterpart; scrape the router's /metrics"),
            errors=(401, 501),
        ),
    ]

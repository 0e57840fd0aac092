"""Small pieces every area's table uses: bare-string replies, pings, debug vars, 501 routes."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import resource
import sys
import threading
import time
from importlib import metadata
from typing import Any

from router.rest.problems import Problem
from router.rest.spec import Auth, Call, Handler, Reply, Route
from router.rest.wire import DebugVars, MetricSample

__all__ = [
    "DONE",
    "ME_ROLE",
    "STRING",
    "debug_vars",
    "not_implemented",
    "ping_routes",
    "require_owner",
]

DONE = Reply("DONE")
STRING = str  # a bare JSON string ("DONE", "Pong!", a login)
ME_ROLE = "query RestViewerRole { me { id role } }"
SERVICE = "router"
#: When this process loaded the REST shim (the router imports it at start-up).
_STARTED_WALL = time.time()
_STARTED = time.monotonic()
#: Prometheus samples that only repeat others (bucket counts) or are bookkeeping (creation times).
_SKIPPED_SUFFIXES = ("_bucket", "_created")


async def require_owner(call: Call) -> dict[str, Any]:
    """The viewer (``me {id role}``) when it is an OWNER; 401 anonymous, 403 otherwise."""
    me = (await call.gql(ME_ROLE))["me"]
    if me is None:
        raise Problem(401, "Sign in first")
    if me["role"] != "OWNER":
        raise Problem(403, "Only an OWNER may do this")
    viewer: dict[str, Any] = me
    return viewer


def _version() -> str:
    try:
        return metadata.version("indefinite-studies")
    except metadata.PackageNotFoundError:
        return "unknown"


def _max_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def _metrics(call: Call) -> list[MetricSample]:
    """Every sample of the router's Prometheus registry (``app.state.metrics``) but histogram
    buckets: request and subgraph-fetch counters, in-flight gauge, histogram counts and sums."""
    app = call.request.scope.get("app") if call.request is not None else None
    metrics = getattr(getattr(app, "state", None), "metrics", None)
    registry = getattr(metrics, "registry", None)
    if registry is None:
        return []
    return [
        MetricSample(name=sample.name, labels=dict(sample.labels), value=sample.value)
        for family in registry.collect()
        for sample in family.samples
        if not sample.name.endswith(_SKIPPED_SUFFIXES)
    ]


async def debug_vars(call: Call) -> Reply:
    """Upstream's Go expvar dump, for an OWNER: what this router process is and has done."""
    await require_owner(call)
    now = time.time()
    return Reply(
        DebugVars(
            service=SERVICE,
            area=call.route.area,
            version=_version(),
            python=platform.python_version(),
            pid=os.getpid(),
            started_at=dt.datetime.fromtimestamp(_STARTED_WALL, dt.UTC).isoformat(),
            now=dt.datetime.fromtimestamp(now, dt.UTC).isoformat(),
            uptime_seconds=round(time.monotonic() - _STARTED, 3),
            max_rss_bytes=_max_rss_bytes(),
            threads=threading.active_count(),
            asyncio_tasks=len(asyncio.all_tasks()),
            metrics=_metrics(call),
        )
    )


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
    """``GET /<area>/ping`` (public), ``/safe-ping`` and ``/debug/vars`` (OWNER)."""
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
            "Process variables for an OWNER (upstream: Go expvar): the router's identity, "
            "uptime, memory, and the samples of its Prometheus registry.",
            Auth.USER,
            debug_vars,
            operation=ME_ROLE,
            response=DebugVars,
            errors=(401, 403),
            notes=(
                "Every area answers for the same process: the router serves all of /api/v1. "
                "`Metrics` lists the registry's samples but histogram buckets (`/metrics` has "
                "those): `router_requests_total` counts /graphql requests, "
                "`router_rest_requests_total` REST requests by route template, "
                "`router_subgraph_fetch_*` every subgraph fetch, REST calls included. "
                "`StartedAt` / `UptimeSeconds` count from when the REST shim was loaded."
            ),
        ),
    ]

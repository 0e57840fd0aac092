"""`/healthz` says the process is alive; `/readyz` says its stores answer (so Kubernetes only
routes to replicas that can serve)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ReadinessCheck = Callable[[], Awaitable[None]]


def health_routes(checks: Mapping[str, ReadinessCheck]) -> list[Route]:
    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> JSONResponse:
        async def run(check: ReadinessCheck) -> str:
            try:
                await asyncio.wait_for(check(), timeout=2.0)
            except Exception as exc:
                return f"failing: {type(exc).__name__}"
            return "ok"

        results = await asyncio.gather(*(run(c) for c in checks.values()))
        report = dict(zip(checks, results, strict=True))
        ready = all(r == "ok" for r in results)
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": report},
            status_code=200 if ready else 503,
        )

    return [Route("/healthz", healthz), Route("/readyz", readyz)]

"""``/healthz`` (the process answers) and ``/readyz`` (supergraph loaded, every subgraph answers).

Readiness probes each subgraph concurrently: ``GET`` its configured health URL (2xx) or else
``POST {__typename}`` to its GraphQL URL. The probe client is separate from the fetcher so probes do
not show up in subgraph fetch metrics.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
import orjson
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["Readiness", "healthz"]

_TYPENAME = orjson.dumps({"query": "{__typename}"})
_JSON = {"content-type": "application/json", "accept": "application/json"}


async def healthz(request: Request) -> Response:
    return Response(b'{"status":"ok"}', media_type="application/json")


@dataclass(frozen=True, slots=True)
class Readiness:
    client: httpx.AsyncClient
    graphql_urls: Mapping[str, str]
    health_urls: Mapping[str, str]
    timeout: float

    async def endpoint(self, request: Request) -> Response:
        names = sorted(self.graphql_urls)
        results = await asyncio.gather(*(self.probe(name) for name in names))
        subgraphs = dict(zip(names, results, strict=True))
        ready = all(error is None for error in subgraphs.values())
        body = {
            "status": "ready" if ready else "unavailable",
            "supergraph": "loaded",
            "subgraphs": {n: ("ok" if e is None else e) for n, e in subgraphs.items()},
        }
        return Response(
            orjson.dumps(body), status_code=200 if ready else 503, media_type="application/json"
        )

    async def probe(self, name: str) -> str | None:
        """``None`` when the subgraph is healthy, else a short reason."""
        try:
            health_url = self.health_urls.get(name)
            if health_url is not None:
                response = await self.client.get(health_url, timeout=self.timeout)
                return None if response.is_success else f"HTTP {response.status_code}"
            response = await self.client.post(
                self.graphql_urls[name], content=_TYPENAME, headers=_JSON, timeout=self.timeout
            )
            if not response.is_success:
                return f"HTTP {response.status_code}"
            data = orjson.loads(response.content).get("data")
            if not isinstance(data, dict) or not isinstance(data.get("__typename"), str):
                return "no __typename in response"
            return None
        except (httpx.HTTPError, orjson.JSONDecodeError, AttributeError) as exc:
            return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__

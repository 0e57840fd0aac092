"""The subgraph fetcher protocol, its HTTP implementation and a mock for tests.

The executor only sees ``SubgraphFetcher.fetch``; ``HttpSubgraphFetcher`` shares one
``httpx.AsyncClient`` (HTTP/1.1 keep-alive pool) and encodes/decodes bodies with orjson.
Any transport failure, timeout, non-2xx status or non-JSON body becomes a SubgraphError.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

import httpx
import orjson

from router.errors import SubgraphError
from router.supergraph.loader import Supergraph

__all__ = ["HttpSubgraphFetcher", "MockSubgraphFetcher", "SubgraphFetcher", "subgraph_urls"]


class SubgraphFetcher(Protocol):
    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]: ...


def subgraph_urls(
    supergraph: Supergraph, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Subgraph name → URL, from ``@join__graph(url:)`` unless overridden."""
    urls = {name: sub.url for name, sub in supergraph.state.subgraphs.items()}
    urls.update(overrides or {})
    return urls


class HttpSubgraphFetcher:
    def __init__(
        self,
        urls: Mapping[str, str],
        timeout: float = 30.0,
        *,
        client: httpx.AsyncClient | None = None,
        max_connections: int = 256,
    ) -> None:
        self.urls = dict(urls)
        self.timeout = timeout
        self._own_client = client is None
        self.client = client or httpx.AsyncClient(
            timeout=timeout,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        url = self.urls.get(subgraph)
        if not url:
            raise SubgraphError(f"no URL for subgraph {subgraph!r}", subgraph=subgraph)
        send = {"content-type": "application/json", "accept": "application/json"}
        send.update(headers)
        try:
            resp = await self.client.post(url, content=orjson.dumps(body), headers=send)
        except httpx.TimeoutException as exc:
            raise SubgraphError(f"subgraph {subgraph!r} timed out", subgraph=subgraph) from exc
        except httpx.HTTPError as exc:
            raise SubgraphError(
                f"HTTP fetch failed from '{subgraph}': {exc}", subgraph=subgraph
            ) from exc
        try:
            data = orjson.loads(resp.content)
        except orjson.JSONDecodeError as exc:
            raise SubgraphError(
                f"subgraph {subgraph!r} answered HTTP {resp.status_code} with a non-JSON body",
                subgraph=subgraph,
            ) from exc
        if not isinstance(data, dict):
            raise SubgraphError(f"subgraph {subgraph!r} answered a non-object", subgraph=subgraph)
        if resp.status_code >= 400 and "data" not in data and "errors" not in data:
            raise SubgraphError(
                f"subgraph {subgraph!r} answered HTTP {resp.status_code}", subgraph=subgraph
            )
        return data

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()


Handler = Callable[[Mapping[str, Any]], Awaitable[dict[str, Any]] | dict[str, Any]]


class MockSubgraphFetcher:
    """Answers from per-subgraph handlers (callables or fixed dicts) and records every call."""

    def __init__(self, handlers: Mapping[str, Handler | dict[str, Any]]) -> None:
        self.handlers = dict(handlers)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        self.calls.append((subgraph, dict(body)))
        h = self.handlers.get(subgraph)
        if h is None:
            raise SubgraphError(f"no mock for {subgraph!r}", subgraph=subgraph)
        if isinstance(h, dict):
            return h
        out = h(body)
        if isinstance(out, dict):
            return out
        return await out

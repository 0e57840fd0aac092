"""The subgraph fetcher protocol and its HTTP implementation.

The executor only sees ``SubgraphFetcher.fetch`` (``aclose`` is for whoever owns the fetcher:
the ``Pipeline``); ``HttpSubgraphFetcher`` shares one ``aiohttp.ClientSession`` (HTTP/1.1
keep-alive pool sized by ``max_connections``) and encodes/decodes bodies with orjson. aiohttp
replaced httpx here: under the gateways benchmark httpx/httpcore spent most of the router's CPU
in its connection pool bookkeeping.
Any transport failure, timeout, non-2xx status or non-JSON body becomes a SubgraphError.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Protocol

import aiohttp
import orjson

from router.errors import SubgraphError
from router.executor.dedupe import InflightDedupe, dedupe_key, operation_kind
from router.supergraph.loader import Supergraph

__all__ = ["HttpSubgraphFetcher", "SubgraphFetcher", "subgraph_urls"]

IDLE_CONNECTION_SECONDS = 30
"""How long an idle connection to a subgraph is kept for reuse; subgraphs keep theirs open
longer (common.service.HTTP_KEEP_ALIVE_SECONDS), so the router always closes first."""


class SubgraphFetcher(Protocol):
    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]: ...

    async def aclose(self) -> None: ...


def subgraph_urls(
    supergraph: Supergraph, overrides: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Subgraph name → URL, from ``@join__graph(url:)`` unless overridden.

    Overrides come from settings (``ROUTER_SUBGRAPH_URLS__posts=http://...``) and match the
    subgraph name case-insensitively (environment variable names are often upper-cased); one
    naming no subgraph of the supergraph is an error, not silently ignored.
    """
    urls = {name: sub.url for name, sub in supergraph.state.subgraphs.items()}
    by_lower = {name.lower(): name for name in urls}
    unknown = [name for name in overrides or () if name.lower() not in by_lower]
    if unknown:
        raise ValueError(
            f"subgraph URL overrides name unknown subgraphs {sorted(unknown)}; "
            f"the supergraph has {sorted(urls)}"
        )
    for name, url in (overrides or {}).items():
        urls[by_lower[name.lower()]] = url
    return urls


_SEND = {"content-type": "application/json", "accept": "application/json"}


class HttpSubgraphFetcher:
    """POSTs each fetch to the subgraph's URL over a shared keep-alive pool.

    The session is opened lazily inside the running event loop (aiohttp binds it to the loop)
    and re-opened if the fetcher is used from another loop (tests run one loop per test).

    With ``dedupe`` (the default) identical query fetches in flight at the same time share one
    HTTP call (``router.executor.dedupe``); headers named in ``dedupe_ignore_headers`` do not
    make two requests different (by default the per-request ``x-track-id``, which only
    correlates logs: the subgraph logs the id of the request that made the call).
    """

    def __init__(
        self,
        urls: Mapping[str, str],
        timeout: float = 30.0,
        *,
        timeouts: Mapping[str, float] | None = None,
        mutation_timeout: float | None = None,
        max_connections: int = 256,
        dedupe: bool = True,
        dedupe_ignore_headers: tuple[str, ...] = ("x-track-id",),
    ) -> None:
        self.urls = dict(urls)
        self.timeout = timeout
        # Queries: per subgraph (a reader's page should not wait on one slow service for long);
        # mutations: `mutation_timeout` (a write that outlives a short bound may still commit).
        self.timeouts = {name.lower(): seconds for name, seconds in (timeouts or {}).items()}
        self.mutation_timeout = mutation_timeout or timeout
        self.max_connections = max_connections
        self.dedupe = dedupe
        self.dedupe_ignore_headers = frozenset(h.lower() for h in dedupe_ignore_headers)
        self.inflight: InflightDedupe[tuple[int, bytes]] = InflightDedupe()
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _open(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        session = self._session
        if session is None or session.closed or self._loop is not loop:
            connector = aiohttp.TCPConnector(
                limit=self.max_connections,
                limit_per_host=self.max_connections,
                ttl_dns_cache=300,
                keepalive_timeout=IDLE_CONNECTION_SECONDS,
            )
            session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                skip_auto_headers=("User-Agent",),
                auto_decompress=True,
            )
            self._session, self._loop = session, loop
        return session

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        url = self.urls.get(subgraph)
        if not url:
            raise SubgraphError(f"no URL for subgraph {subgraph!r}", subgraph=subgraph)
        payload = orjson.dumps(body)
        kind = operation_kind(body.get("query"))
        if kind == "mutation":
            timeout = self.mutation_timeout
        else:
            timeout = self.timeouts.get(subgraph.lower(), self.timeout)
        if self.dedupe and kind == "query":
            key = dedupe_key(subgraph, payload, headers, self.dedupe_ignore_headers)
            status, content = await self.inflight.run(
                key, lambda: self._post(subgraph, url, payload, headers, timeout)
            )
        else:
            status, content = await self._post(subgraph, url, payload, headers, timeout)
        try:
            data = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            raise SubgraphError(
                f"subgraph {subgraph!r} answered HTTP {status} with a non-JSON body",
                subgraph=subgraph,
            ) from exc
        if not isinstance(data, dict):
            raise SubgraphError(f"subgraph {subgraph!r} answered a non-object", subgraph=subgraph)
        if status >= 400 and "data" not in data and "errors" not in data:
            raise SubgraphError(f"subgraph {subgraph!r} answered HTTP {status}", subgraph=subgraph)
        return data

    async def _post(
        self,
        subgraph: str,
        url: str,
        payload: bytes,
        headers: Mapping[str, str],
        seconds: float | None = None,
    ) -> tuple[int, bytes]:
        send = {**_SEND, **headers} if headers else _SEND
        session = self._open()
        seconds = seconds or self.timeout
        bound = aiohttp.ClientTimeout(total=seconds)
        try:
            async with session.post(url, data=payload, headers=send, timeout=bound) as resp:
                return resp.status, await resp.read()
        except TimeoutError as exc:
            raise SubgraphError(
                f"subgraph {subgraph!r} timed out after {seconds:g} s",
                subgraph=subgraph,
            ) from exc
        except aiohttp.ClientError as exc:
            raise SubgraphError(
                f"HTTP fetch failed from '{subgraph}': {exc}", subgraph=subgraph
            ) from exc

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

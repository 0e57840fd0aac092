"""The public syndication paths, served by the feed service and proxied here unchanged:
`/feeds/all.rss|atom|json`, `/feeds/tag/<id>.*`, `/feeds/author/<login>.*` and `/sitemap.xml`
(subgraphs/feed/syndication.py builds them from the feed's read model).

The feed service's base URL is its subgraph URL without `/graphql` (the supergraph's, or
ROUTER_SUBGRAPH_URLS__feed). Only GET and HEAD; the conditional request headers go through
and the validators (ETag, Last-Modified) and 304s come back, so readers and robots revalidate
cheaply. A feed service that does not answer is a 502, never a hang (the client's timeout).
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

__all__ = ["feed_routes"]

FORWARDED_REQUEST = ("if-none-match", "if-modified-since", "accept", "x-track-id")
FORWARDED_RESPONSE = ("content-type", "etag", "last-modified", "cache-control")


class FeedsProxy:
    def __init__(self, base_url: str, client: httpx.AsyncClient) -> None:
        self.base = base_url.rstrip("/")
        self.client = client

    async def endpoint(self, request: Request) -> Response:
        path = request.url.path
        if not (path.startswith("/feeds/") or path == "/sitemap.xml"):
            return Response("Not found", status_code=404, media_type="text/plain")
        headers = {k: v for k, v in request.headers.items() if k in FORWARDED_REQUEST}
        try:
            upstream = await self.client.request(
                request.method, f"{self.base}{path}", headers=headers, timeout=10.0
            )
        except httpx.HTTPError:
            return Response("The feed service did not answer", status_code=502)
        kept = {k: v for k, v in upstream.headers.items() if k in FORWARDED_RESPONSE}
        body = b"" if request.method == "HEAD" or upstream.status_code == 304 else upstream.content
        return Response(body, status_code=upstream.status_code, headers=kept)


def feed_base_url(subgraph_urls: Mapping[str, str]) -> str | None:
    url = subgraph_urls.get("feed")
    return None if url is None else url.removesuffix("/").removesuffix("/graphql")


def feed_routes(subgraph_urls: Mapping[str, str], client: httpx.AsyncClient) -> list[BaseRoute]:
    """The routes the router adds (none without a feed subgraph)."""
    base = feed_base_url(subgraph_urls)
    if base is None:
        return []
    proxy = FeedsProxy(base, client)
    methods = ["GET", "HEAD"]
    return [
        Mount("/feeds", routes=[Route("/{path:path}", proxy.endpoint, methods=methods)]),
        Route("/sitemap.xml", proxy.endpoint, methods=methods),
    ]

"""Validators for anonymous GETs, so that a CDN (or a browser) in front of the router may keep
public pages and revalidate them: `ETag` (a hash of the body), `Cache-Control: public,
no-cache` and a 304 without a body when `If-None-Match` names the current one.

`no-cache`, not a max-age: a cache may store the answer but must ask again before reusing it,
so a new, edited or deleted post is never served stale by anything in front of the router
(the router's answer is cheap: the feed answers anonymous pages from its own cache). Only
successful queries of requests without `Authorization` qualify: an answer that depends on the
viewer, or one with errors, is never marked public. The track-id cookie and header are left
out of public answers (common.tracking), so that no cache hands one client's id to another.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["PUBLIC", "anonymous_get", "revalidated"]

PUBLIC = "public, no-cache"


def anonymous_get(request: Request) -> bool:
    return request.method == "GET" and "authorization" not in request.headers


def revalidated(request: Request, response: Response) -> Response:
    """`response` with its validators, or a 304 when the client holds the same body."""
    etag = '"' + hashlib.blake2b(response.body, digest_size=16).hexdigest() + '"'
    headers = {"etag": etag, "cache-control": PUBLIC, "vary": "Accept, Authorization"}
    held = request.headers.get("if-none-match", "")
    if etag in (tag.strip().removeprefix("W/") for tag in held.split(",")) or held == "*":
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response

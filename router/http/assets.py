"""Static files of the router's pages, served by the router itself under ``/assets/``.

Browsers load nothing from a CDN: GraphiQL, React and ReactDOM are npm packages pinned in
package.json (``npm ci``, part of ``make install``), read at start-up from ``node_modules`` (the
repository's, or ``ROUTER_ASSETS_DIR``: a production image runs ``npm ci --omit=dev`` or copies
``node_modules/{graphiql,react,react-dom}`` and points there). Each file is served under a URL
carrying a hash of its content, so it is cached for good (``immutable``) and an upgrade is a new
URL; gzip is negotiated. A missing package leaves the page without it (logged), never the API.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import structlog
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

__all__ = ["VENDORED", "Asset", "Assets", "default_assets_dir", "load_assets"]

log = structlog.get_logger(__name__)

VENDORED: Mapping[str, tuple[str, str]] = {
    "react.js": ("react", "umd/react.production.min.js"),
    "react-dom.js": ("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.js": ("graphiql", "graphiql.min.js"),
    "graphiql.css": ("graphiql", "graphiql.min.css"),
}
"""Logical name -> (npm package, file inside it)."""

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_IMMUTABLE = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class Asset:
    url: str
    body: bytes
    gzipped: bytes
    media_type: str


class Assets:
    """Files by logical name (``graphiql.js``), each at ``/assets/<stem>.<hash><suffix>``."""

    def __init__(self, files: Mapping[str, bytes], missing: tuple[str, ...] = ()) -> None:
        self.missing = missing
        self._by_name: dict[str, Asset] = {}
        self._by_file: dict[str, Asset] = {}
        for name, body in files.items():
            stem, dot, suffix = name.rpartition(".")
            digest = hashlib.sha256(body).hexdigest()[:16]
            file = f"{stem}.{digest}{dot}{suffix}"
            asset = Asset(
                url=f"/assets/{file}",
                body=body,
                gzipped=gzip.compress(body, compresslevel=9, mtime=0),
                media_type=_MEDIA_TYPES[f".{suffix}"],
            )
            self._by_name[name] = asset
            self._by_file[file] = asset

    def url(self, name: str) -> str | None:
        asset = self._by_name.get(name)
        return None if asset is None else asset.url

    async def endpoint(self, request: Request) -> Response:
        asset = self._by_file.get(request.path_params["file"])
        if asset is None:
            return PlainTextResponse("Not Found", status_code=404)
        headers = {"cache-control": _IMMUTABLE, "vary": "accept-encoding"}
        body = asset.body
        if "gzip" in request.headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["content-encoding"] = "gzip"
        return Response(body, media_type=asset.media_type, headers=headers)


def default_assets_dir() -> Path:
    """The repository's ``node_modules`` (the router runs from a checkout or an image of it)."""
    return Path(__file__).resolve().parents[2] / "node_modules"


@lru_cache(maxsize=4)
def load_assets(node_modules: Path, own: tuple[tuple[str, bytes], ...] = ()) -> Assets:
    """The vendored files found under ``node_modules`` plus the router's ``own`` (name, body);
    read and compressed once per process."""
    files = dict(own)
    missing = []
    for name, (package, inner) in VENDORED.items():
        path = node_modules / package / inner
        try:
            files[name] = path.read_bytes()
        except OSError:
            missing.append(name)
    if missing:
        log.warning(
            "router.assets_missing",
            files=missing,
            directory=str(node_modules),
            hint="run npm ci (make install) or set ROUTER_ASSETS_DIR; GraphiQL needs them",
        )
    return Assets(files, tuple(missing))

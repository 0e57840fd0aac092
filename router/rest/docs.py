"""``/api/v1/docs``: the route table as one self-contained HTML page (no external scripts).

For machines there is ``/api/v1/openapi.json``; this page is for people: per area, each
route's method, paths, auth, request fields, success status and the GraphQL it runs.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape

from router.rest.spec import Auth, Route

__all__ = ["STYLE_HASH", "docs_html"]

_AUTH = {Auth.ANONYMOUS: "public", Auth.PUBLIC: "public (token optional)", Auth.USER: "token"}
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;margin-top:2.5rem}
.route{margin:1.2rem 0;padding:.6rem .9rem;border-left:4px solid #6a8;background:#f7faf8}
.m{font-weight:bold;font-family:monospace;margin-right:.5rem}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#f2f2f2;padding:.5rem;overflow-x:auto}
.meta{color:#555;font-size:13px}
"""
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
"""Lets the page's one inline stylesheet through its Content-Security-Policy (no scripts)."""


def _route(route: Route) -> str:
    paths = ", ".join(f"<code>/api/v1{escape(p)}</code>" for p in route.paths)
    fields = ", ".join(
        f"<code>{escape(f.name)}</code>{'*' if f.required else ''}" for f in route.body
    )
    params = ", ".join(f"<code>{escape(p.name)}</code>" for p in route.params)
    parts = [
        f'<div class="route"><span class="m">{route.method}</span>{paths}',
        f"<div>{escape(route.summary)}</div>",
        f'<div class="meta">auth: {_AUTH[route.auth]} · success: {route.status}'
        + (f" · body: {fields}" if fields else "")
        + (f" · params: {params}" if params else "")
        + "</div>",
    ]
    if route.operation:
        parts.append(f"<pre>{escape(route.operation)}</pre>")
    parts.append("</div>")
    return "\n".join(parts)


def docs_html(routes: Sequence[Route]) -> str:
    areas: dict[str, list[Route]] = {}
    for route in routes:
        areas.setdefault(route.area, []).append(route)
    sections = "\n".join(
        f"<h2>{escape(area)}</h2>\n" + "\n".join(_route(r) for r in rs)
        for area, rs in areas.items()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>REST API v1</title>
<style>{_STYLE}</style></head><body>
<h1>Indefinite Studies REST API v1</h1>
<p>Upstream's REST interface served by the router; every route runs the GraphQL shown on the
same pipeline as <code>/graphql</code>. Machine-readable: <a href="openapi.json">openapi.json</a>.
Errors are <code>application/problem+json</code>; body keys match case-insensitively; paths work
with and without a trailing slash.</p>
{sections}
</body></html>"""

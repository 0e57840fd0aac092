"""GraphiQL page for ``GET /graphql`` from a browser, entirely from the router.

The page is plain HTML; React, ReactDOM and GraphiQL (vendored npm packages) and the page's own
script and stylesheet are ``router.http.assets``, so the Content-Security-Policy allows scripts
from the router alone and no inline script: the endpoint reaches the script as a data attribute.
"""

from __future__ import annotations

import html

from router.http.assets import Assets

__all__ = ["PAGE_FILES", "graphiql_html"]

_SCRIPT = b"""\
// Mounts GraphiQL on #graphiql, talking to the endpoint named by its data-endpoint attribute.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true })
  );
})();
"""
_STYLE = b"body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }\n"

PAGE_FILES: tuple[tuple[str, bytes], ...] = (
    ("graphiql-page.js", _SCRIPT),
    ("graphiql-page.css", _STYLE),
)
"""The page's own files, served with the vendored ones."""

_SCRIPTS = ("react.js", "react-dom.js", "graphiql.js", "graphiql-page.js")
_STYLES = ("graphiql.css", "graphiql-page.css")


def graphiql_html(endpoint_path: str, assets: Assets) -> str:
    missing = [name for name in (*_STYLES, *_SCRIPTS) if assets.url(name) is None]
    if missing:
        return _page(
            "<p>GraphiQL is not installed on this router: its files "
            f"({html.escape(', '.join(missing))}) were not found. Run <code>npm ci</code> "
            "(<code>make install</code>) or set <code>ROUTER_ASSETS_DIR</code>.</p>"
            f"<p>The GraphQL API itself answers at <code>{html.escape(endpoint_path)}</code>.</p>",
            head="",
        )
    links = "\n".join(
        f'  <link rel="stylesheet" href="{html.escape(assets.url(n) or "")}">' for n in _STYLES
    )
    scripts = "\n".join(
        f'  <script src="{html.escape(assets.url(n) or "")}"></script>' for n in _SCRIPTS
    )
    endpoint = html.escape(endpoint_path, quote=True)
    mount = f'<div id="graphiql" data-endpoint="{endpoint}">Loading GraphiQL…</div>'
    return _page(f"{mount}\n{scripts}", head=links)


def _page(body: str, *, head: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Indefinite Studies · GraphiQL</title>
{head}
</head>
<body>
  {body}
</body>
</html>
"""

"""GraphiQL page for ``GET /graphql`` from a browser.

The router only serves this small HTML document; the browser loads GraphiQL and React from the
CDN, so the router itself needs no internet access and ships no JavaScript.
"""

from __future__ import annotations

import html
from functools import lru_cache

__all__ = ["graphiql_html"]

_CDN = "https://unpkg.com"
_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Indefinite Studies · GraphiQL</title>
  <style>body {{ margin: 0; height: 100vh; }} #graphiql {{ height: 100vh; }}</style>
  <link rel="stylesheet" href="{cdn}/graphiql@3.8.3/graphiql.min.css">
</head>
<body>
  <div id="graphiql">Loading GraphiQL from {cdn} …</div>
  <script crossorigin src="{cdn}/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="{cdn}/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="{cdn}/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({{ url: {url} }});
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {{ fetcher, defaultEditorToolsVisibility: true }})
    );
  </script>
</body>
</html>
"""


@lru_cache(maxsize=8)
def graphiql_html(endpoint_path: str) -> str:
    url = '"' + html.escape(endpoint_path, quote=True).replace("\\", "") + '"'
    return _TEMPLATE.format(cdn=_CDN, url=url)

"""The router's HTML pages in production: no third-party code, security headers, no debug leaks.

GraphiQL and its scripts are served by the router itself (vendored npm packages), every HTML
page carries a Content-Security-Policy without inline scripts, and query plans are shown only
in development (or when switched on).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from router.settings import load_settings
from tests.gateways import REPO_ROOT
from tests.router.http.harness import RouterFactory

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PUBLIC_CDNS = ("unpkg.com", "cdn.jsdelivr", "cdnjs.")


class _References(HTMLParser):
    """Every URL a page makes the browser load, and its inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self._in_script = "src" not in found
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(str(found[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def _assert_html_security_headers(headers: dict[str, str]) -> None:
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


async def test_graphiql_and_every_asset_it_loads_come_from_the_router(
    make_router: RouterFactory,
) -> None:
    async with make_router() as r:
        page = await r.client.get("/graphql", headers={"accept": BROWSER})
        references = _References()
        references.feed(page.text)
        assets = {url: await r.client.get(url) for url in references.urls}
    assert page.status_code == 200
    _assert_html_security_headers(dict(page.headers))
    assert references.inline_scripts == 0
    scripts = [url for url in references.urls if url.endswith(".js")]
    styles = [url for url in references.urls if url.endswith(".css")]
    assert len(scripts) >= 4  # react, react-dom, graphiql, the page's own
    assert styles
    for url, response in assets.items():
        assert url.startswith("/"), url  # same origin, never a CDN
        assert response.status_code == 200, url
        assert response.headers["x-content-type-options"] == "nosniff"
        expected = "text/javascript" if url.endswith(".js") else "text/css"
        assert response.headers["content-type"].startswith(expected), url
        assert "immutable" in response.headers["cache-control"]
    graphiql = next(body for url, body in assets.items() if "graphiql" in url and ".js" in url)
    assert len(graphiql.content) > 100_000  # the real bundle, not a placeholder


async def test_unknown_assets_are_404(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get("/assets/nope.js")
    assert response.status_code == 404


async def test_the_rest_docs_page_has_the_same_headers(make_router: RouterFactory) -> None:
    async with make_router() as r:
        page = await r.client.get("/api/v1/docs")
        references = _References()
        references.feed(page.text)
    assert page.status_code == 200
    _assert_html_security_headers(dict(page.headers))
    assert references.inline_scripts == 0
    assert not [url for url in references.urls if url.startswith(("http:", "https:", "//"))]


async def test_json_answers_are_nosniff_too(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json={"query": "{ hello }"})
    assert response.headers["x-content-type-options"] == "nosniff"


def test_no_public_cdn_is_referenced_by_the_services_or_the_ui() -> None:
    offenders = []
    for top in ("router", "subgraphs", "ui"):
        for path in (REPO_ROOT / top).rglob("*"):
            if not path.is_file() or "node_modules" in path.parts or ".next" in path.parts:
                continue
            text = _text(path)
            offenders += [f"{path}: {cdn}" for cdn in PUBLIC_CDNS if cdn in text]
    assert not offenders


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""


# ------------------------------------------------------------------ debug and CORS defaults

PLAN_HEADER = {"x-query-plan": "true"}


@pytest.mark.parametrize("environment", ["production", "test"])
async def test_query_plans_are_not_shown_outside_development(
    make_router: RouterFactory, environment: str
) -> None:
    async with make_router(load_settings(environment=environment)) as r:
        answer = await r.client.post("/graphql", json={"query": "{ hello }"}, headers=PLAN_HEADER)
        debug = await r.client.post("/debug/plan", json={"query": "{ hello }"})
    assert "extensions" not in answer.json()
    assert debug.status_code == 404


async def test_query_plans_are_shown_in_development_or_when_switched_on(
    make_router: RouterFactory,
) -> None:
    for settings in (
        load_settings(environment="development"),
        load_settings(debug={"query_plan_header": True, "plan_endpoint": True}),
    ):
        async with make_router(settings) as r:
            answer = await r.client.post(
                "/graphql", json={"query": "query Q { hello }"}, headers=PLAN_HEADER
            )
            debug = await r.client.post("/debug/plan", json={"query": "{ hello }"})
        assert answer.json()["extensions"]["queryPlan"] == "QueryPlan<Q>"
        assert debug.status_code == 200
    async with make_router(
        load_settings(environment="development", debug={"plan_endpoint": False})
    ) as r:
        assert (await r.client.post("/debug/plan", json={"query": "{ hello }"})).status_code == 404


def test_the_router_reads_the_shared_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "development")
    assert load_settings().environment == "development"
    monkeypatch.delenv("ENVIRONMENT")
    assert load_settings().environment == "production"  # unset: nothing development-only


@pytest.mark.parametrize("origin", ["http://127.0.0.1:3000", "http://localhost:3000"])
async def test_development_cors_allows_the_ui(make_router: RouterFactory, origin: str) -> None:
    preflight = {"origin": origin, "access-control-request-method": "POST"}
    async with make_router(load_settings(environment="development")) as r:
        allowed = await r.client.options("/graphql", headers=preflight)
    async with make_router(load_settings(environment="production")) as r:
        refused = await r.client.options("/graphql", headers=preflight)
    assert allowed.headers["access-control-allow-origin"] == origin
    assert "access-control-allow-origin" not in refused.headers
    async with make_router(
        load_settings(environment="development", cors={"allow_origins": []})
    ) as r:
        assert (
            "access-control-allow-origin"
            not in (await r.client.options("/graphql", headers=preflight)).headers
        )

"""Operational endpoints: /healthz, /readyz, /metrics, and CORS."""

from __future__ import annotations

import re

import httpx
import orjson

from router.settings import load_settings
from tests.router.http.harness import RouterFactory

URLS = {"posts": "http://posts.test/graphql", "users": "http://users.test/graphql"}


def _subgraphs(down: set[str], seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url}")
        if request.url.host.split(".")[0] in down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.method == "GET":
            return httpx.Response(200, json={"status": "ok"})
        assert orjson.loads(request.content) == {"query": "{__typename}"}
        return httpx.Response(200, json={"data": {"__typename": "Query"}})

    return httpx.MockTransport(handler)


async def test_healthz(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_every_subgraph_answers(make_router: RouterFactory) -> None:
    seen: list[str] = []
    async with make_router(subgraph_urls=URLS, http_transport=_subgraphs(set(), seen)) as r:
        response = await r.client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["subgraphs"] == {"posts": "ok", "users": "ok"}
    assert sorted(seen) == ["POST http://posts.test/graphql", "POST http://users.test/graphql"]


async def test_readyz_when_a_subgraph_is_down(make_router: RouterFactory) -> None:
    seen: list[str] = []
    async with make_router(subgraph_urls=URLS, http_transport=_subgraphs({"users"}, seen)) as r:
        response = await r.client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["subgraphs"]["posts"] == "ok"
    assert "ConnectError" in body["subgraphs"]["users"]


async def test_readyz_uses_configured_health_urls(make_router: RouterFactory) -> None:
    seen: list[str] = []
    settings = load_settings(subgraph_health_urls={"users": "http://users.test/readyz"})
    async with make_router(
        settings, subgraph_urls=URLS, http_transport=_subgraphs(set(), seen)
    ) as r:
        response = await r.client.get("/readyz")
    assert response.status_code == 200
    assert "GET http://users.test/readyz" in seen


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {name} {labels} in metrics")


async def test_metrics(make_router: RouterFactory) -> None:
    async with make_router() as r:
        for _ in range(3):
            await r.client.post("/graphql", json={"query": "query Hello { hello }"})
        await r.client.post("/graphql", json={"query": "mutation Bump { bump }"})
        await r.client.post("/graphql", json={"query": "{ nope }"})
        response = await r.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    hello = {"operation_name": "Hello", "operation_type": "query"}
    assert _sample(text, "router_requests_total", has_errors="false", **hello) == 3
    assert _sample(text, "router_request_duration_seconds_count", **hello) == 3
    assert (
        _sample(text, "router_requests_total", operation_name="Bump", operation_type="mutation")
        == 1
    )
    assert _sample(text, "router_requests_total", has_errors="true") == 1
    assert _sample(text, "router_plan_cache_total", result="miss") == 2
    assert _sample(text, "router_plan_cache_total", result="hit") == 2
    assert _sample(text, "router_requests_in_flight") == 0


async def test_each_app_has_its_own_registry(make_router: RouterFactory) -> None:
    async with make_router() as one, make_router() as two:
        await one.client.post("/graphql", json={"query": "query Only { hello }"})
        text = (await two.client.get("/metrics")).text
    assert 'operation_name="Only"' not in text


async def test_cors(make_router: RouterFactory) -> None:
    settings = load_settings(cors={"allow_origins": ["https://studio.example"]})
    async with make_router(settings) as r:
        preflight = await r.client.options(
            "/graphql",
            headers={
                "origin": "https://studio.example",
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type, authorization",
            },
        )
        simple = await r.client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"origin": "https://studio.example"}
        )
        foreign = await r.client.options(
            "/graphql",
            headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
        )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://studio.example"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert simple.headers["access-control-allow-origin"] == "https://studio.example"
    assert "x-track-id" in simple.headers["access-control-expose-headers"].lower()
    assert foreign.status_code == 400
    assert "access-control-allow-origin" not in foreign.headers


async def test_no_cors_headers_without_configured_origins(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"origin": "https://studio.example"}
        )
    assert "access-control-allow-origin" not in response.headers

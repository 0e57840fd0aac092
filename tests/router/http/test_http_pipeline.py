"""The edge in front of the real core Pipeline (in process; no subgraph is called)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from router.http.app import create_app
from router.settings import load_settings
from tests.gateways import REPO_ROOT

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"
GQL = "application/graphql-response+json"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(
        supergraph=SUPERGRAPH,
        limits={"max_depth": 3, "max_aliases": 1},
        debug={"plan_endpoint": True},
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://router") as c:
            yield c


async def test_typename_needs_no_subgraph(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_validation_errors_are_400_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json={"query": "{ nope }"}, headers={"accept": GQL})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_limits_run_inside_the_pipeline(client: httpx.AsyncClient) -> None:
    deep = await client.post(
        "/graphql", json={"query": "{ me { posts { author { id } } } }"}, headers={"accept": GQL}
    )
    aliases = await client.post("/graphql", json={"query": "{ a: me { id } b: me { id } }"})
    assert deep.status_code == 400
    assert "depth 4, over the limit of 3" in deep.json()["errors"][0]["message"]
    assert "aliases count 2, over the limit of 1" in aliases.json()["errors"][0]["message"]


async def test_limit_codes_survive_the_pipeline(client: httpx.AsyncClient) -> None:
    deep = await client.post("/graphql", json={"query": "{ me { posts { author { id } } } }"})
    assert deep.json()["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"


async def test_debug_plan_prints_the_real_plan(client: httpx.AsyncClient) -> None:
    query = "{ posts { id author { name } } }"
    response = await client.post("/debug/plan", json={"query": query})
    assert response.status_code == 200
    assert "posts" in response.text
    assert "users" in response.text
    bad = await client.post("/debug/plan", json={"query": "{ nope }"})
    assert bad.status_code == 400

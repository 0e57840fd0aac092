"""Demand control and parser bounds at ``/graphql``, in front of the real pipeline.

The fixture supergraph's lists take ``first`` (default 10). Refused operations are answered
before any subgraph is called (none runs here), so a refusal is the whole answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest

from router.http.app import create_app
from router.settings import load_settings
from tests.gateways import REPO_ROOT

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"
NESTED = "query Q($n: Int!) { posts(first: $n) { author { posts(first: $n) { id } } } }"

Client = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def client() -> Client:
    @asynccontextmanager
    async def make(**limits: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(load_settings(supergraph=SUPERGRAPH, limits=limits))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://router") as c:
                yield c

    return make


def _codes(response: httpx.Response) -> list[str]:
    return [e["extensions"]["code"] for e in response.json().get("errors", ())]


async def test_an_operation_over_the_cost_budget_is_refused(client: Client) -> None:
    # 100 posts x (the post + its author + 500 posts of the author) = 50,200 > 50,000
    query = "{ posts(first: 100) { author { posts(first: 500) { id } } } }"
    async with client() as c:
        response = await c.post("/graphql", json={"query": query})
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"] == {
        "code": "COST_LIMIT_EXCEEDED",
        "limit": 50_000,
        "actual": 50_200,
    }
    assert "estimated cost of 50200" in body["errors"][0]["message"]


async def test_the_cost_follows_the_variables_of_each_request(client: Client) -> None:
    async with client(max_cost=500) as c:
        for n, refused in ((5, False), (30, True), (5, False), (21, False), (22, True)):
            response = await c.post("/graphql", json={"query": NESTED, "variables": {"n": n}})
            # n x (2 + n): 5 -> 35, 21 -> 483, 22 -> 528, 30 -> 960
            assert ("COST_LIMIT_EXCEEDED" in _codes(response)) is refused, (n, response.text)


async def test_lists_without_a_size_count_the_default_and_the_budget_can_be_off(
    client: Client,
) -> None:
    # users (no size: 10) x (1 + posts (first's default: 10) x (1 + author 1 + 10 posts))
    query = "{ users { posts { author { posts { id } } } } }"
    async with client(max_cost=1_210) as c:
        assert "COST_LIMIT_EXCEEDED" not in _codes(await c.post("/graphql", json={"query": query}))
    async with client(max_cost=1_209) as c:
        assert _codes(await c.post("/graphql", json={"query": query})) == ["COST_LIMIT_EXCEEDED"]
    async with client(max_cost=1_209, default_list_size=5) as c:  # 5 x 121
        assert "COST_LIMIT_EXCEEDED" not in _codes(await c.post("/graphql", json={"query": query}))
    async with client(max_cost=None) as c:
        assert "COST_LIMIT_EXCEEDED" not in _codes(await c.post("/graphql", json={"query": query}))


async def test_documents_over_the_token_limit_are_not_parsed(client: Client) -> None:
    query = "{ " + "__typename " * 60 + "}"
    async with client(max_tokens=50) as c:
        response = await c.post("/graphql", json={"query": query})
        ok = await c.post("/graphql", json={"query": "{ __typename }"})
    assert _codes(response) == ["GRAPHQL_PARSE_FAILED"]
    assert "more than 50 tokens" in response.json()["errors"][0]["message"]
    assert ok.json() == {"data": {"__typename": "Query"}}

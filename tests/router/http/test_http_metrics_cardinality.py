"""Operation names in /metrics are bounded: only operations that passed validation keep their
name, up to a cap; every other request is counted under ``other``.

Each distinct label value costs about 19 series (a counter per outcome, a histogram), so a
client choosing names freely (valid or not) must not be able to grow them.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from router.http.app import create_app
from router.settings import load_settings
from tests.gateways import REPO_ROOT

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(supergraph=SUPERGRAPH, metrics={"max_operation_names": 3})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://router") as c:
            yield c


def _names(metrics: str) -> set[str]:
    return set(re.findall(r'router_requests_total\{[^}]*operation_name="([^"]*)"', metrics))


async def test_only_validated_operation_names_are_labels_up_to_the_cap(
    client: httpx.AsyncClient,
) -> None:
    for i in range(40):  # invalid documents, unknown operations, parse errors
        await client.post("/graphql", json={"query": f"query Invalid{i} {{ nope }}"})
        await client.post(
            "/graphql", json={"query": "{ __typename }", "operationName": f"Missing{i}"}
        )
        await client.post("/graphql", json={"query": f"query Broken{i} {{"})
    for name in ("One", "Two", "Three", "Four", "Five", "One"):
        response = await client.post("/graphql", json={"query": f"query {name} {{ __typename }}"})
        assert response.json() == {"data": {"__typename": "Query"}}
    await client.post("/graphql", json={"query": "{ __typename }"})
    metrics = (await client.get("/metrics")).text
    assert _names(metrics) == {"One", "Two", "Three", "other", ""}, _names(metrics)
    other = 'has_errors="true",operation_name="other",operation_type=""'
    counted = re.search(r"router_requests_total\{" + other + r"\} (\S+)", metrics)
    assert counted is not None
    assert float(counted[1]) == 120

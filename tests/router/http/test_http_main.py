"""``python -m router`` as a process, over the fixture subgraphs."""

from __future__ import annotations

import httpx

from tests.fixtures.subgraphs import posts, ratings, users
from tests.gateways import REPO_ROOT, our_router, serve_subgraphs

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"


async def test_router_process_serves_a_federated_query() -> None:
    schemas = {"users": users.schema, "posts": posts.schema, "ratings": ratings.schema}
    async with serve_subgraphs(schemas) as ports:
        env = {
            f"ROUTER_SUBGRAPH_URLS__{name}": f"http://127.0.0.1:{port}/graphql"
            for name, port in ports.items()
        }
        async with our_router(SUPERGRAPH, env={**env, "ENVIRONMENT": "development"}) as router:
            base = router.url.removesuffix("/graphql")
            async with httpx.AsyncClient(timeout=10) as client:
                response = await client.post(
                    router.url,
                    json={"query": "query Top { posts(first: 2) { id author { id name } } }"},
                    headers={"x-track-id": "e2e-track-0001", "x-query-plan": "true"},
                )
                get = await client.get(
                    router.url,
                    params={"query": "{ me { id } }"},
                    headers={"accept": "application/graphql-response+json"},
                )
                ready = await client.get(f"{base}/readyz")
                metrics = (await client.get(f"{base}/metrics")).text
                plan = await client.post(f"{base}/debug/plan", json={"query": "{ me { id } }"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["posts"], body
    assert all(post["author"]["name"] for post in body["data"]["posts"])
    assert "users" in body["extensions"]["queryPlan"].lower()
    assert response.headers["x-track-id"] == "e2e-track-0001"
    assert get.status_code == 200
    assert get.headers["content-type"] == "application/graphql-response+json"
    assert ready.status_code == 200, ready.text
    top = 'router_requests_total{has_errors="false",operation_name="Top",operation_type="query"}'
    assert top in metrics, metrics
    assert 'router_subgraph_fetch_duration_seconds_count{subgraph="users"}' in metrics.lower()
    assert plan.status_code == 200

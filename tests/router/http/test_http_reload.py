"""Hot reload through the router's HTTP interface: the file changes under load, nothing fails."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from router.http.app import create_app
from router.settings import load_settings
from tests.router.harness import FIXTURES

V1 = (FIXTURES / "shareable.graphql").read_text(encoding="utf-8")
V2 = V1.replace(
    "  kind: DealKind @join__field(graph: NAMES)\n",
    "  kind: DealKind @join__field(graph: NAMES)\n  note: String @join__field(graph: NAMES)\n",
)
# answered by the router alone (introspection): no subgraph needs to run
FIELDS = {"query": '{ __type(name: "Deal") { fields { name } } }'}


FAILURES = "router_supergraph_reloads_total"


def _fields(body: dict[str, Any]) -> set[str]:
    return {f["name"] for f in body["data"]["__type"]["fields"]}


async def test_a_changed_supergraph_file_is_served_without_failing_a_request(
    tmp_path: Path,
) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(V1, encoding="utf-8")
    settings = load_settings(supergraph=path, reload={"enabled": True, "interval_seconds": 0.02})
    app = create_app(settings)
    seen: list[set[str]] = []
    failures: list[Any] = []
    stop = asyncio.Event()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:

            async def load() -> None:
                while not stop.is_set():
                    response = await client.post("/graphql", json=FIELDS)
                    body = response.json()
                    if response.status_code != 200 or "errors" in body:
                        failures.append(body)
                    else:
                        seen.append(_fields(body))
                    await asyncio.sleep(0)  # over ASGITransport a cached answer never suspends

            clients = [asyncio.create_task(load()) for _ in range(20)]
            await asyncio.sleep(0.1)
            path.write_text(V2, encoding="utf-8")
            for _ in range(200):
                if seen and "note" in seen[-1]:
                    break
                await asyncio.sleep(0.02)
            path.write_text("schema { query: Query", encoding="utf-8")  # broken
            registry = app.state.metrics.registry
            for _ in range(200):
                if registry.get_sample_value(FAILURES, {"result": "failure"}):
                    break
                await asyncio.sleep(0.02)
            await asyncio.sleep(0.05)
            stop.set()
            await asyncio.gather(*clients)
            metrics = (await client.get("/metrics")).text
    assert not failures
    assert "note" not in seen[0]
    assert "note" in seen[-1]  # the broken file did not replace the good one
    assert 'router_supergraph_reloads_total{result="success"} 1.0' in metrics
    assert 'router_supergraph_reloads_total{result="failure"} 1.0' in metrics

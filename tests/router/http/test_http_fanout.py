"""Hostile documents against ``python -m router``: refused at once, while others keep answering.

The fan-out document (each fragment spreads the next one twice) stands for 2^30 fields in 31
lines; expanding it to count or to normalize used to hold the event loop for hours. The
preparation deadline (PREPARATION_TIMEOUT) is tested in tests/router/test_pipeline.py, where
the heavy step lasts until the test ends it: over HTTP only the machine's speed decided whether
a heavy document outlived its deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.fixtures.subgraphs import posts, ratings, users
from tests.gateways import REPO_ROOT, RunningGateway, our_router, serve_subgraphs

SUPERGRAPH = REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql"
ORDINARY = {"query": "query Top { posts(first: 2) { id author { id name } } }"}
# Generous bounds: before the fix these requests took hours, after it milliseconds.
REFUSAL_TIMEOUT = 20.0


def fan_out(levels: int, *, on: str, leaf: str, wrap: str = "{ %s }") -> str:
    """``levels`` fragments, each spreading the next one twice; the last selects ``leaf``."""
    lines = ["query FanOut " + wrap % "...F0"]
    lines += [f"fragment F{i} on {on} {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    lines.append(f"fragment F{levels} on {on} {{ {leaf} }}")
    return "\n".join(lines)


FAN_OUTS = {
    "root": fan_out(30, on="Query", leaf="__typename"),
    "nested": fan_out(30, on="User", leaf="id name", wrap="{ me { %s } }"),
}


@pytest.fixture(scope="module")
async def router() -> AsyncIterator[RunningGateway]:
    schemas = {"users": users.schema, "posts": posts.schema, "ratings": ratings.schema}
    async with serve_subgraphs(schemas) as ports:
        env = {
            f"ROUTER_SUBGRAPH_URLS__{name}": f"http://127.0.0.1:{port}/graphql"
            for name, port in ports.items()
        }
        async with our_router(SUPERGRAPH, env={**env, "ROUTER_LOG_LEVEL": "warning"}) as gw:
            yield gw


@pytest.mark.parametrize("shape", sorted(FAN_OUTS))
async def test_fan_out_is_refused_while_ordinary_requests_answer(
    router: RunningGateway, shape: str
) -> None:
    async with httpx.AsyncClient(timeout=REFUSAL_TIMEOUT, trust_env=False) as client:

        async def hostile() -> httpx.Response:
            return await client.post(router.url, json={"query": FAN_OUTS[shape]})

        async def ordinary() -> list[httpx.Response]:
            answers = []
            for _ in range(20):
                answers.append(await client.post(router.url, json=ORDINARY))
            return answers

        refusals, answers = await asyncio.gather(
            asyncio.gather(*(hostile() for _ in range(3))), ordinary()
        )
    for refusal in refusals:
        body = refusal.json()
        assert "data" not in body, body
        codes = {error["extensions"]["code"] for error in body["errors"]}
        assert "MAX_FIELDS_EXCEEDED" in codes, body
    for answer in answers:
        assert answer.status_code == 200
        assert answer.json()["data"]["posts"], answer.text


async def test_fragment_cycles_are_refused_by_validation(router: RunningGateway) -> None:
    cycle = "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A ...A }"
    async with httpx.AsyncClient(timeout=REFUSAL_TIMEOUT, trust_env=False) as client:
        response = await client.post(router.url, json={"query": cycle})
    errors = response.json()["errors"]
    assert {e["extensions"]["code"] for e in errors} == {"GRAPHQL_VALIDATION_FAILED"}
    assert any("Cannot spread fragment 'A' within itself" in e["message"] for e in errors)

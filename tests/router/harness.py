"""Shared helpers for router core tests: fixture supergraphs, plans, a pipeline over mocks."""

from __future__ import annotations

import textwrap
from collections.abc import Awaitable, Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from router.errors import SubgraphError
from router.operation import normalize_operation, parse_document, select_operation
from router.operation.variables import coerce_variables
from router.pipeline import Pipeline
from router.planner.planner import QueryPlanner
from router.supergraph import Supergraph, load_supergraph

FIXTURES = Path(__file__).parent / "fixtures" / "supergraphs"

Handler = Callable[[Mapping[str, Any]], Awaitable[dict[str, Any]] | dict[str, Any]]


class MockSubgraphFetcher:
    """Answers from per-subgraph handlers (callables or fixed dicts) and records every call."""

    def __init__(self, handlers: Mapping[str, Handler | dict[str, Any]]) -> None:
        self.handlers = dict(handlers)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]:
        self.calls.append((subgraph, dict(body)))
        h = self.handlers.get(subgraph)
        if h is None:
            raise SubgraphError(f"no mock for {subgraph!r}", subgraph=subgraph)
        if isinstance(h, dict):
            return h
        out = h(body)
        if isinstance(out, dict):
            return out
        return await out

    async def aclose(self) -> None:
        return None


@cache
def supergraph(name: str) -> Supergraph:
    return load_supergraph((FIXTURES / f"{name}.graphql").read_text(encoding="utf-8"))


def plan(
    name: str,
    query: str,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> str:
    sg = supergraph(name)
    doc = parse_document(query)
    op = select_operation(doc, operation_name)
    coerced = coerce_variables(sg.api_schema, op, variables)
    normalized = normalize_operation(sg.api_schema, doc, op, coerced)
    return str(QueryPlanner(sg).plan(normalized))


def assert_plan(name: str, query: str, expected: str, **kwargs: Any) -> None:
    got = plan(name, query, **kwargs)
    want = textwrap.dedent(expected).strip()
    assert got == want, f"plan differs; got:\n{got}"


def pipeline(
    name: str, handlers: Mapping[str, Any], **kwargs: Any
) -> tuple[Pipeline, MockSubgraphFetcher]:
    fetcher = MockSubgraphFetcher(handlers)
    return Pipeline(supergraph(name), fetcher, **kwargs), fetcher

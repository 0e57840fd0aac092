"""The slice of ``router.pipeline`` the edge relies on, as protocols (see router/CONTRACT.md).

The edge talks to a ``GraphQLEngine``; ``router.http.build`` adapts the real ``Pipeline`` to it and
tests plug in a fake, so the HTTP layer can be exercised without a supergraph.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graphql import ASTValidationRule

__all__ = ["EngineFactory", "EngineOptions", "Fetcher", "GraphQLEngine", "Outcome"]


class Fetcher(Protocol):
    """Structural twin of ``router.executor.fetcher.SubgraphFetcher``."""

    async def fetch(
        self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
    ) -> dict[str, Any]: ...


class Outcome(Protocol):
    @property
    def response(self) -> dict[str, Any]: ...
    @property
    def operation_type(self) -> str | None: ...
    @property
    def operation_name(self) -> str | None: ...
    @property
    def plan(self) -> object | None: ...


class GraphQLEngine(Protocol):
    async def execute(
        self,
        query: str,
        *,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
        headers: Mapping[str, str],
    ) -> Outcome: ...

    def explain(
        self, query: str, *, variables: Mapping[str, Any] | None, operation_name: str | None
    ) -> str: ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """What the edge contributes when the engine is built: limits, metrics hooks, sizes."""

    extra_rules: Sequence[type[ASTValidationRule]]
    on_plan_cache: Callable[[bool], None]
    wrap_fetcher: Callable[[Fetcher], Fetcher]
    plan_cache_size: int
    introspection: bool
    subgraph_timeout: float
    subgraph_urls: Mapping[str, str]  # overrides by subgraph name
    subgraph_dedupe: bool = True  # share identical in-flight subgraph queries
    subgraph_dedupe_ignore_headers: tuple[str, ...] = ("x-track-id",)
    # Work bounds of one request (LimitSettings; None: off): parser tokens, the normalized
    # operation's fields, demand control's cost estimate and the list size it assumes.
    max_tokens: int | None = None
    max_fields: int | None = None
    max_cost: int | None = None
    default_list_size: int = 10
    prepare_timeout: float | None = None  # uncached operations prepared off the loop


class EngineFactory(Protocol):
    def __call__(self, options: EngineOptions) -> tuple[GraphQLEngine, Mapping[str, str]]:
        """Build the engine; also return the effective subgraph URLs (for /readyz)."""
        ...

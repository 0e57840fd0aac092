"""One subscription's events as client responses: subscribe to the owning subgraph with the
plan's first fetch, then, for every event, run the rest of the plan (entity fetches to the
other subgraphs) and project the client's shape, exactly as a query's answer is built.

A subscription has one root field (GraphQL spec, "Single root field"), so its plan starts with
one fetch from the subgraph that owns that field; whatever follows it is the per-event plan.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLObjectType

from router.errors import PlanningError
from router.executor.execute import ExecutionState, execute_plan_node
from router.executor.fetcher import SubgraphFetcher
from router.executor.merge import deep_merge, rename_aliases
from router.executor.projection import Projector
from router.operation.tree import NormalizedOperation
from router.planner.nodes import FetchNode, PlanNode, QueryPlan, SequenceNode
from router.subscription.source import SubgraphSubscriber

__all__ = ["SubscriptionStream", "split_plan"]


def split_plan(plan: QueryPlan) -> tuple[FetchNode, PlanNode | None]:
    """The subscription fetch and the per-event rest of the plan (``None``: nothing more)."""
    node = plan.node
    if isinstance(node, FetchNode) and not node.requires:
        return node, None
    if isinstance(node, SequenceNode) and node.nodes:
        first, rest = node.nodes[0], node.nodes[1:]
        if isinstance(first, FetchNode) and not first.requires:
            if not rest:
                return first, None
            return first, rest[0] if len(rest) == 1 else SequenceNode(rest)
    raise PlanningError(
        "a subscription's plan must start with one fetch from the subgraph owning its field"
    )


@dataclass(frozen=True, slots=True)
class SubscriptionStream:
    """What every subscription of one pipeline shares (built once, like the pipeline)."""

    subscriber: SubgraphSubscriber
    fetcher: SubgraphFetcher
    projector: Projector
    applies: Callable[[str | None, str], bool]
    is_object_type: Callable[[str], bool]
    root: GraphQLObjectType

    async def events(
        self,
        plan: QueryPlan,
        operation: NormalizedOperation,
        variables: Mapping[str, Any],
        headers: Mapping[str, str],
    ) -> AsyncIterator[dict[str, Any]]:
        """Client responses, one per subgraph event, until the subgraph completes; raises
        ``SourceClosedError`` when the subgraph's socket drops."""
        fetch, rest = split_plan(plan)
        body: dict[str, Any] = {
            "query": fetch.operation,
            "variables": {k: variables[k] for k in fetch.variable_usages if k in variables},
        }
        if fetch.operation_name:
            body["operationName"] = fetch.operation_name
        async for event in self.subscriber.subscribe(fetch.service, body, headers):
            state = ExecutionState(
                fetcher=self.fetcher,
                variables=variables,
                headers=headers,
                applies=self.applies,
                is_object_type=self.is_object_type,
            )
            data = event.get("data")
            if isinstance(data, dict):
                if fetch.renames is not None:
                    rename_aliases(data, fetch.renames)
                deep_merge(state.data, data, self.is_object_type)
            state.errors.extend(_errors(event.get("errors"), fetch.service))
            if rest is not None and state.data:
                await execute_plan_node(rest, state)
            projected = self.projector.project(
                state.data, self.root, operation.selections, state.errors
            )
            response: dict[str, Any] = {"data": projected}
            if state.errors:
                response["errors"] = state.errors
            yield response


def _errors(errors: Any, service: str) -> list[dict[str, Any]]:
    """The event's own errors, marked with the subgraph that sent them."""
    if not isinstance(errors, list):
        return []
    out = []
    for error in errors:
        if isinstance(error, dict):
            extensions = {**(error.get("extensions") or {}), "service": service}
            out.append({**error, "extensions": extensions})
    return out

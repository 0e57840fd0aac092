"""Pipeline behaviour the edge relies on (router/CONTRACT.md)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from graphql import ASTValidationRule, FieldNode, GraphQLError, OperationDefinitionNode

from router import Pipeline
from router.pipeline import GraphQLRequest
from tests.router.harness import pipeline


def _me(body: Any) -> dict[str, Any]:
    return {"data": {"me": {"id": "u1"}}}


async def test_parse_and_validation_errors_have_codes() -> None:
    pipe, _ = pipeline("entities", {})
    out = await pipe.execute(GraphQLRequest("{ me { "))
    assert out.response["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "data" not in out.response
    out = await pipe.execute(GraphQLRequest("{ me { nope } }"))
    assert out.response["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_bad_variables_are_bad_user_input() -> None:
    pipe, _ = pipeline("entities", {})
    out = await pipe.execute(
        GraphQLRequest("query Q($n: Int!) { topProducts(first: $n) { upc } }", variables={})
    )
    assert out.response["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_plans_are_cached_per_operation_and_conditions() -> None:
    hits: list[bool] = []
    pipe, _ = pipeline("entities", {"accounts": _me}, on_plan_cache=hits.append)
    query = "query Q { me { id username @include(if: true) name @skip(if: false) } }"
    for _ in range(3):
        await pipe.execute(GraphQLRequest(query))
    assert hits == [False, True, True]
    q2 = "query Q2($s: Boolean!) { me { id @skip(if: $s) } }"
    for s in (True, True, False):
        await pipe.execute(GraphQLRequest(q2, variables={"s": s}))
    assert hits[3:] == [False, True, False]
    # same operation, other spelling: the normalized text finds the plan
    await pipe.execute(GraphQLRequest("query Q {\n  me { id username name }\n}"))
    assert hits[6:] == [True]


async def test_introspection_answers_from_api_schema_and_can_be_disabled() -> None:
    pipe, fetcher = pipeline("shareable", {})
    out = await pipe.execute(GraphQLRequest('{ __type(name: "Deal") { fields { name } } }'))
    names = [f["name"] for f in out.response["data"]["__type"]["fields"]]
    assert names == ["id", "name", "amount", "kind"]
    assert fetcher.calls == []
    closed, _ = pipeline("shareable", {}, introspection=False)
    out = await closed.execute(GraphQLRequest("{ __schema { types { name } } }"))
    assert out.response["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_introspection_through_fragments_and_inline_fragments() -> None:
    """Root fields reached through a fragment count as the operation's own: answered when
    introspection is on, refused when it is off (not left to the subgraphs)."""
    spread = '{ ...Root } fragment Root on Query { __type(name: "Deal") { name } }'
    inline = '{ ... on Query { __type(name: "Deal") { name } } }'
    pipe, fetcher = pipeline("shareable", {})
    for query in (spread, inline):
        out = await pipe.execute(GraphQLRequest(query))
        assert out.response == {"data": {"__type": {"name": "Deal"}}}, query
    assert fetcher.calls == []
    closed, fetcher = pipeline("shareable", {}, introspection=False)
    for query in (spread, inline, "{ ...S } fragment S on Query { __schema { types { name } } }"):
        out = await closed.execute(GraphQLRequest(query))
        assert out.response["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert fetcher.calls == []


async def test_extra_rules_run_with_validation() -> None:
    class NoMe(ASTValidationRule):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if node.name.value == "me":
                self.report_error(GraphQLError("me is not allowed", node))

    pipe, _ = pipeline("entities", {"accounts": _me}, extra_rules=[NoMe])
    out = await pipe.execute(GraphQLRequest("{ me { id } }"))
    assert out.response["errors"][0]["message"] == "me is not allowed"


async def test_explain_and_outcome_plan() -> None:
    pipe, _ = pipeline("entities", {"accounts": _me})
    text = pipe.explain(GraphQLRequest("{ me { id } }"))
    assert text.startswith('QueryPlan {\n  Fetch(service: "accounts")')
    out = await pipe.execute(GraphQLRequest("query Me { me { id } }"))
    assert out.plan is not None
    assert str(out.plan).startswith("QueryPlan")
    assert (out.operation_type, out.operation_name) == ("query", "Me")
    assert isinstance(pipe, Pipeline)


async def test_unplannable_operation_gives_null_data_and_error() -> None:
    pipe, _ = pipeline("interface_object", {})
    # the activity subgraph knows Account only as an object; the accounts subgraph is the
    # only one that can tell the concrete type, so this is plannable:
    out = await pipe.execute(GraphQLRequest("{ recent { __typename } }"))
    assert "errors" in out.response  # accounts mock is missing: partial data + error
    assert out.response["errors"][0]["extensions"]["code"] == "SUBREQUEST_HTTP_ERROR"


async def test_unexpected_planner_failure_is_an_internal_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pipe, _ = pipeline("entities", {})

    def broken(op: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(pipe.planner, "plan", broken)
    out = await pipe.execute(GraphQLRequest("{ me { id } }"))
    assert out.response == {
        "data": None,
        "errors": [
            {
                "message": "internal error while planning: KeyError",
                "extensions": {"code": "INTERNAL_SERVER_ERROR"},
            }
        ],
    }


async def test_a_preparation_past_its_deadline_is_refused_while_cached_ones_answer() -> None:
    """Preparing an uncached operation runs in the worker thread within `prepare_timeout`.
    The heavy step here is Python CPU work (it holds the GIL in slices, as graphql-core's
    quadratic rules do) that lasts until the test ends it, so no CPU speed decides the order:
    cached operations answer while it runs, and the heavy one ends by its deadline only."""
    release = threading.Event()

    class Busy(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            if node.name is not None and node.name.value == "Heavy":
                while not release.is_set():
                    pass

    pipe, fetcher = pipeline("shareable", {}, extra_rules=[Busy], prepare_timeout=0.2)
    ordinary = GraphQLRequest("{ __typename }")
    assert (await pipe.execute(ordinary)).response == {"data": {"__typename": "Query"}}
    heavy = asyncio.create_task(pipe.execute(GraphQLRequest("query Heavy { __typename }")))
    try:
        await asyncio.sleep(0.05)  # the worker thread is busy with it now
        for _ in range(20):
            out = await pipe.execute(ordinary)
            assert out.response == {"data": {"__typename": "Query"}}
        refused = await asyncio.wait_for(heavy, 30.0)
    finally:
        release.set()
    assert [e["extensions"]["code"] for e in refused.response["errors"]] == ["PREPARATION_TIMEOUT"]
    assert fetcher.calls == []

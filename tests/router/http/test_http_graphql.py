"""/graphql over real HTTP semantics: methods, media types, status codes, errors, plans."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from router.settings import load_settings
from tests.router.http.harness import RouterFactory

GQL = "application/graphql-response+json"


async def test_post_json_answers_data(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json={"query": '{ hello(name: "Ada") }'})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"data": {"hello": "hello Ada"}}


async def test_post_with_variables_and_operation_name(make_router: RouterFactory) -> None:
    query = "query A($n: String) { hello(name: $n) } query B { me { id } }"
    async with make_router() as r:
        response = await r.client.post(
            "/graphql", json={"query": query, "variables": {"n": "Bo"}, "operationName": "A"}
        )
    assert response.json() == {"data": {"hello": "hello Bo"}}


async def test_graphql_response_json_when_asked(make_router: RouterFactory) -> None:
    async with make_router() as r:
        ok = await r.client.post("/graphql", json={"query": "{ hello }"}, headers={"accept": GQL})
        invalid = await r.client.post(
            "/graphql", json={"query": "{ nope }"}, headers={"accept": GQL}
        )
        legacy = await r.client.post("/graphql", json={"query": "{ nope }"})
    assert ok.status_code == 200
    assert ok.headers["content-type"] == GQL
    # A request error (no data entry) is a 4xx with graphql-response+json ...
    assert invalid.status_code == 400
    assert invalid.headers["content-type"] == GQL
    assert "nope" in invalid.json()["errors"][0]["message"]
    # ... and a 200 with legacy application/json.
    assert legacy.status_code == 200


async def test_get_query_with_json_variables(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get(
            "/graphql",
            params={
                "query": "query Q($n: String) { hello(name: $n) }",
                "variables": orjson.dumps({"n": "Cy"}).decode(),
                "operationName": "Q",
            },
        )
    assert response.status_code == 200
    assert response.json() == {"data": {"hello": "hello Cy"}}


async def test_get_refuses_mutations(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get("/graphql", params={"query": "mutation { bump }"})
        assert r.engine.seen_headers == []
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_post_runs_mutations(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json={"query": "mutation { bump }"})
    assert response.json() == {"data": {"bump": 1}}


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "BAD_REQUEST",
        ),
        ({"json": [{"query": "{ hello }"}]}, 400, "BAD_REQUEST"),
        ({"json": {"query": 42}}, 400, "BAD_REQUEST"),
        ({"json": {"query": "{ hello }", "variables": [1]}}, 400, "BAD_REQUEST"),
        ({"json": {"variables": {}}}, 400, "BAD_REQUEST"),
        (
            {"content": b"{ hello }", "headers": {"content-type": "text/plain"}},
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
    ],
)
async def test_malformed_requests(
    make_router: RouterFactory, kwargs: dict[str, Any], status: int, code: str
) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", **kwargs)
    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == code


async def test_get_with_bad_variables_is_400(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get("/graphql", params={"query": "{ hello }", "variables": "{"})
    assert response.status_code == 400


async def test_unacceptable_accept_is_406(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"accept": "text/plain"}
        )
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


async def test_graphiql_for_browsers_only(make_router: RouterFactory) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    async with make_router() as r:
        page = await r.client.get("/graphql", headers={"accept": browser})
        post = await r.client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"accept": browser}
        )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "graphiql" in page.text.lower()
    assert 'data-endpoint="/graphql"' in page.text
    assert post.json() == {"data": {"hello": "hello world"}}


async def test_graphiql_can_be_switched_off(make_router: RouterFactory) -> None:
    async with make_router(load_settings(graphiql=False)) as r:
        page = await r.client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 406


async def test_engine_failure_is_a_graphql_500(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json={"query": "{ boom }"})
    assert response.status_code == 500
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "exploded" not in response.text


async def test_raised_client_error_is_a_graphql_error(make_router: RouterFactory) -> None:
    body = {"query": "{ raiseClientError }"}
    async with make_router() as r:
        modern = await r.client.post("/graphql", json=body, headers={"accept": GQL})
        legacy = await r.client.post("/graphql", json=body)
    assert modern.status_code == 400
    assert modern.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert legacy.status_code == 200


async def test_body_limit(make_router: RouterFactory) -> None:
    settings = load_settings(limits={"max_body_bytes": 64})
    big = {"query": "{ hello }", "variables": {"pad": "x" * 100}}

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ hello }", "variables": {"pad": "'
        yield b"x" * 100
        yield b'"}}'

    async with make_router(settings) as r:
        declared = await r.client.post("/graphql", json=big)
        streamed = await r.client.post(
            "/graphql",
            content=chunks(),
            headers={"content-type": "application/json"},
        )
        small = await r.client.post("/graphql", json={"query": "{ hello }"})
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert small.status_code == 200


async def test_query_plan_header(make_router: RouterFactory) -> None:
    body = {"query": "query Named { hello }"}
    async with make_router(load_settings(debug={"query_plan_header": True})) as r:
        with_plan = await r.client.post("/graphql", json=body, headers={"x-query-plan": "true"})
        without = await r.client.post("/graphql", json=body)
    assert with_plan.json()["extensions"]["queryPlan"] == "QueryPlan<Named>"
    assert with_plan.json()["data"] == {"hello": "hello world"}
    assert "extensions" not in without.json()


async def test_query_plan_header_switched_off(make_router: RouterFactory) -> None:
    settings = load_settings(debug={"query_plan_header": False})
    async with make_router(settings) as r:
        response = await r.client.post(
            "/graphql", json={"query": "{ hello }"}, headers={"x-query-plan": "true"}
        )
    assert "extensions" not in response.json()


async def test_debug_plan_endpoint(make_router: RouterFactory) -> None:
    async with make_router(load_settings(debug={"plan_endpoint": True})) as r:
        response = await r.client.post("/debug/plan", json={"query": "{ hello }"})
        missing = await r.client.post("/debug/plan", json={})
    assert response.status_code == 200
    assert response.text.startswith("QueryPlan {")
    assert missing.status_code == 400


async def test_debug_plan_endpoint_switched_off(make_router: RouterFactory) -> None:
    async with make_router(load_settings(debug={"plan_endpoint": False})) as r:
        response = await r.client.post("/debug/plan", json={"query": "{ hello }"})
    assert response.status_code == 404


async def test_limits_reach_the_engine_as_validation_rules(make_router: RouterFactory) -> None:
    settings = load_settings(limits={"max_depth": 2, "max_aliases": 1, "max_root_fields": 2})
    async with make_router(settings) as r:
        deep = await r.client.post(
            "/graphql", json={"query": "{ me { friends { id } } }"}, headers={"accept": GQL}
        )
        aliases = await r.client.post("/graphql", json={"query": "{ a: hello b: hello }"})
        roots = await r.client.post("/graphql", json={"query": "{ hello me { id } boom }"})
        fine = await r.client.post("/graphql", json={"query": "{ me { id } }"})
    assert deep.status_code == 400
    assert deep.json()["errors"][0]["extensions"]["code"] == "MAX_DEPTH_EXCEEDED"
    assert aliases.json()["errors"][0]["extensions"]["code"] == "MAX_ALIASES_EXCEEDED"
    assert roots.json()["errors"][0]["extensions"]["code"] == "MAX_ROOT_FIELDS_EXCEEDED"
    assert fine.json() == {"data": {"me": {"id": "1"}}}

"""The shared kernel through a real HTTP server: error codes, the bad-token rule, track ids,
health and metrics."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import strawberry

from common.auth import Role
from common.errors import NotFound
from common.graphql import GraphQLApp, RequestContext, make_schema
from common.service import HTTP_KEEP_ALIVE_SECONDS, RunningService, ServiceApp, running
from common.settings import ServiceSettings
from router.executor.fetcher import IDLE_CONNECTION_SECONDS
from tests.support.tokens import SigningKeys

Info = strawberry.Info[RequestContext[None], None]


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"

    @strawberry.field
    def whoami(self, info: Info) -> str:
        viewer = info.context.require_viewer()
        return f"{viewer.role.value}:{viewer.session_id}"

    @strawberry.field
    def missing(self) -> str:
        raise NotFound("No such thing", id="42")

    @strawberry.field
    def echo(self, count: int) -> int:
        return count

    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("secret detail")


KEYS = SigningKeys()


@pytest.fixture(scope="module")
async def service() -> AsyncIterator[RunningService]:
    settings = ServiceSettings(service_name="kernel-test", environment="test")
    app = ServiceApp(
        settings=settings,
        graphql=GraphQLApp(make_schema(query=Query), state=None, verifier=KEYS.verifier()),
    )
    async with running(app, free_ports=True) as addresses:
        yield addresses


async def gql(
    service: RunningService, query: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(service.graphql_url, json={"query": query}, headers=headers)


async def test_app_errors_carry_their_code(service: RunningService) -> None:
    body: dict[str, Any] = (await gql(service, "{ missing }")).json()
    assert body["errors"][0]["message"] == "No such thing"
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "id": "42"}


async def test_internal_errors_are_masked(service: RunningService) -> None:
    body = (await gql(service, "{ broken }")).json()
    assert body["errors"][0]["message"] == "Internal server error"
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert "secret" not in str(body)


async def test_validation_errors_have_a_code(service: RunningService) -> None:
    body = (await gql(service, "{ nope }")).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_variables_that_do_not_coerce_are_bad_user_input(service: RunningService) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            service.graphql_url,
            json={"query": "query($n: Int!) { echo(count: $n) }", "variables": {"n": "many"}},
        )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "$n" in error["message"]


async def test_valid_token_gives_a_viewer(service: RunningService) -> None:
    token = KEYS.mint(role=Role.WRITER, session_id="s1")
    body = (await gql(service, "{ whoami }", {"Authorization": f"Bearer {token}"})).json()
    assert body == {"data": {"whoami": "WRITER:s1"}}


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-jwt",
        "Bearer " + SigningKeys().mint(),  # signed by another key
        "Bearer " + KEYS.mint(ttl=-60),  # expired
        "Bearer " + KEYS.mint(audience="someone-else"),
        "Basic dXNlcjpwYXNz",
    ],
)
async def test_bad_tokens_fail_the_request_as_unauthenticated(
    service: RunningService, authorization: str
) -> None:
    response = await gql(service, "{ hello }", {"Authorization": authorization})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_anonymous_is_unauthenticated_only_where_a_viewer_is_needed(
    service: RunningService,
) -> None:
    assert (await gql(service, "{ hello }")).json() == {"data": {"hello": "world"}}
    body = (await gql(service, "{ whoami }")).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_track_id_is_echoed_or_issued(service: RunningService) -> None:
    given = await gql(service, "{ hello }", {"X-Track-Id": "client-track-0001"})
    assert given.headers["x-track-id"] == "client-track-0001"
    upstream = await gql(service, "{ hello }", {"Request-Id": "upstream-request-01"})
    assert upstream.headers["x-track-id"] == "upstream-request-01"
    issued = await gql(service, "{ hello }", {"X-Track-Id": "bad id with spaces"})
    assert len(issued.headers["x-track-id"]) == 36


async def test_health_and_metrics(service: RunningService) -> None:
    async with httpx.AsyncClient(base_url=service.http_url) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/readyz")).status_code == 200
        await client.post("/graphql", json={"query": "{ hello }"})
        metrics = (await client.get("/metrics")).text
    assert 'indefinite_http_requests_total{path="/graphql",service="kernel-test",status="200"}' in (
        metrics
    )


async def test_an_idle_connection_outlives_uvicorns_default_keep_alive(
    service: RunningService,
) -> None:
    """The router pools idle connections to subgraphs for IDLE_CONNECTION_SECONDS; a subgraph
    that closed them sooner (uvicorn's default: 5 s) raced the router's next request on them,
    and schemathesis once met that race as a 502 "Connection reset by peer"."""
    url = httpx.URL(service.http_url)
    reader, writer = await asyncio.open_connection(url.host, url.port)
    request = f"GET /healthz HTTP/1.1\r\nHost: {url.host}\r\n\r\n".encode()
    try:
        for _ in range(2):
            writer.write(request)
            await writer.drain()
            status = await reader.readline()
            assert status.startswith(b"HTTP/1.1 200"), status
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            await asyncio.sleep(6)  # past uvicorn's default keep-alive
    finally:
        writer.close()
    assert HTTP_KEEP_ALIVE_SECONDS > IDLE_CONNECTION_SECONDS

"""Track ids (accepted, issued, echoed, logged) and header propagation to subgraphs."""

from __future__ import annotations

import uuid

from router.settings import load_settings
from tests.router.http.harness import RouterFactory

Q = {"query": "{ hello }"}


async def test_track_id_is_issued_and_forwarded(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json=Q)
        track_id = response.headers["x-track-id"]
        assert uuid.UUID(track_id)
        assert r.engine.seen_headers[-1]["x-track-id"] == track_id
        assert r.engine.seen_log_context[-1]["track_id"] == track_id


async def test_client_track_id_is_kept(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post("/graphql", json=Q, headers={"x-track-id": "client-1234"})
        upstream = await r.client.post("/graphql", json=Q, headers={"request-id": "upstream-5678"})
        assert r.engine.seen_headers[0]["x-track-id"] == "client-1234"
        assert r.engine.seen_headers[1]["x-track-id"] == "upstream-5678"
    assert response.headers["x-track-id"] == "client-1234"
    assert upstream.headers["x-track-id"] == "upstream-5678"


async def test_invalid_track_id_is_replaced(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.post(
            "/graphql", json=Q, headers={"x-track-id": "bad id; <script>"}
        )
    assert uuid.UUID(response.headers["x-track-id"])


async def test_track_id_on_every_route(make_router: RouterFactory) -> None:
    async with make_router() as r:
        response = await r.client.get("/healthz", headers={"x-track-id": "probe-000001"})
    assert response.headers["x-track-id"] == "probe-000001"


async def test_header_allow_list(make_router: RouterFactory) -> None:
    settings = load_settings(
        headers={
            "propagate": ["X-Tenant", "Accept-Language"],
            "rename": {"accept-language": "x-locale"},
            "insert": {"x-router": "indefinite"},
        }
    )
    async with make_router(settings) as r:
        await r.client.post(
            "/graphql",
            json=Q,
            headers={
                "authorization": "Bearer abc",
                "x-tenant": "t1",
                "accept-language": "fr",
                "x-secret": "nope",
                "cookie": "session=1",
            },
        )
        forwarded = r.engine.seen_headers[-1]
    assert forwarded["authorization"] == "Bearer abc"
    assert forwarded["x-tenant"] == "t1"
    assert forwarded["x-locale"] == "fr"
    assert forwarded["x-router"] == "indefinite"
    assert "x-secret" not in forwarded
    assert "cookie" not in forwarded
    assert "accept-language" not in forwarded

"""The router's activity reporter (router/edge/sessions.py) against the real sessions service:
it batches (one TouchMany for many requests, one entry per client), records the user and sid
of the verified token, adds no latency while sessions hangs, and survives sessions being down
(requests still succeed; failures are logged once and counted; reports resume after)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import grpc
import httpx
import pytest
from prometheus_client import CollectorRegistry
from redis.asyncio import Redis
from structlog.testing import capture_logs

from common.service import running
from protos.indefinite.sessions.v1 import sessions_pb2
from router.http.app import create_app
from router.settings import load_settings
from subgraphs.sessions.app import create_app as create_sessions_app
from subgraphs.sessions.settings import Settings
from tests.gateways import free_port
from tests.router.http.harness import FakeEngine
from tests.sessions.support import Sessions, new_track_id, sessions_service
from tests.support.polling import eventually
from tests.support.stores import redis_url
from tests.support.tokens import AUDIENCE, ISSUER, SigningKeys

KEYS = SigningKeys()
JWKS = {"keys": [KEYS.key.as_dict(private=False)]}


def jwks_transport() -> httpx.MockTransport:
    """Only the router's JWKS fetch goes through this; sessions is reached over real gRPC."""
    return httpx.MockTransport(lambda request: httpx.Response(200, json=JWKS))


@asynccontextmanager
async def router(target: str, **sessions: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    settings = load_settings(
        jwt={"jwks_url": "http://auth.test/jwks", "issuer": ISSUER, "audience": AUDIENCE},
        sessions={"grpc_target": target, **sessions},
    )
    app = create_app(
        settings,
        engine_factory=lambda options: (FakeEngine(options), {}),
        http_transport=jwks_transport(),
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:
            yield client, app


@pytest.fixture(scope="module")
async def sessions() -> AsyncIterator[Sessions]:
    async with sessions_service(KEYS.verifier()) as running_sessions:
        yield running_sessions


def metric(app: Any, name: str, outcome: str) -> float:
    registry: CollectorRegistry = app.state.metrics.registry
    return registry.get_sample_value(name, {"outcome": outcome}) or 0.0


async def get_session(sessions: Sessions, track_id: str) -> Any:
    return await sessions.stub.GetSession(sessions_pb2.GetSessionRequest(track_id=track_id))


async def exists(sessions: Sessions, track_id: str) -> bool:
    try:
        await get_session(sessions, track_id)
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return False
    return True


async def ask(client: httpx.AsyncClient, track_id: str, token: str | None = None) -> float:
    """One GraphQL request as a client with this track id; returns its duration."""
    headers = {"x-track-id": track_id, "user-agent": f"ua-{track_id[-4:]}"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": "{ hello }"}, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"hello": "hello world"}}
    assert response.headers["x-track-id"] == track_id
    return elapsed


async def test_requests_are_batched_one_entry_per_client(sessions: Sessions) -> None:
    user = uuid.uuid4()
    token = KEYS.mint(user_id=user, session_id="sid-of-login")
    signed_in, anonymous, third = new_track_id(), new_track_id(), new_track_id()
    # a flush only when 3 clients wait: the time trigger is out of reach
    async with router(sessions.service.grpc_target, max_batch=3, flush_interval_seconds=60) as (
        client,
        app,
    ):
        for _ in range(10):
            await ask(client, signed_in, token)
            await ask(client, anonymous)
        assert not await exists(sessions, signed_in)  # 2 clients buffered, nothing sent yet
        await ask(client, third)
        await eventually(lambda: exists(sessions, third))
        assert metric(app, "router_sessions_flushes_total", "ok") == 1
        assert metric(app, "router_sessions_reported_total", "sent") == 3

        record = await get_session(sessions, signed_in)
        assert (record.user_id, record.session_id) == (str(user), "sid-of-login")
        assert record.user_agent == f"ua-{signed_in[-4:]}"
        assert record.client_address == "127.0.0.1"
        anon = await get_session(sessions, anonymous)
        assert (anon.user_id, anon.session_id) == ("", "")
        metrics = (await client.get("/metrics")).text
        assert 'router_sessions_reported_total{outcome="sent"} 3.0' in metrics


async def test_the_interval_flushes_and_close_flushes_the_rest(sessions: Sessions) -> None:
    first, last = new_track_id(), new_track_id()
    async with router(sessions.service.grpc_target, flush_interval_seconds=0.2) as (client, _):
        await ask(client, first)
        await eventually(lambda: exists(sessions, first), within=3)
        async with router(sessions.service.grpc_target, flush_interval_seconds=60) as (other, _):
            await ask(other, last)
        # leaving the lifespan flushed what was buffered
        assert await exists(sessions, last)


async def test_a_hanging_sessions_service_adds_no_latency() -> None:
    """Requests are answered while a flush hangs on sessions' handshake: none of them ends
    before the flush does, so none of them waits for it (no timing: the order tells)."""
    hung: list[asyncio.StreamWriter] = []

    async def accept_and_hang(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        hung.append(writer)  # never answers the HTTP/2 handshake

    server = await asyncio.start_server(accept_and_hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with router(
            f"127.0.0.1:{port}", flush_interval_seconds=0.05, timeout_seconds=60.0
        ) as (client, app):
            await ask(client, new_track_id())
            await eventually(lambda: bool(hung), what="a flush connecting to the hung server")
            for _ in range(40):
                await ask(client, new_track_id())
            assert metric(app, "router_sessions_flushes_total", "error") == 0  # still hanging
            server.close()
            for writer in hung:
                writer.close()
            await eventually(lambda: _true(metric(app, "router_sessions_flushes_total", "error")))
    finally:
        for writer in hung:
            writer.close()
        server.close()
        await server.wait_closed()


async def _true(value: float) -> bool:
    return value > 0


async def test_sessions_down_then_back() -> None:
    grpc_port, http_port = free_port(), free_port()
    target = f"127.0.0.1:{grpc_port}"
    settings = Settings(
        environment="test",
        log_json=False,
        redis_url=redis_url(),
        redis_key_prefix=f"test-sessions:{uuid.uuid4().hex[:10]}:",
        grpc_port=grpc_port,
        http_port=http_port,
    )
    down, back = new_track_id(), new_track_id()
    with capture_logs() as logs:
        async with router(target, flush_interval_seconds=0.05) as (client, app):
            for _ in range(5):
                await ask(client, down)
                await asyncio.sleep(0.06)
            await eventually(lambda: _true(metric(app, "router_sessions_reported_total", "failed")))
            warnings = [e for e in logs if e["event"] == "sessions.report_failed"]
            assert [e["log_level"] for e in warnings].count("warning") == 1  # once per outage

            async with running(create_sessions_app(settings, verifier=KEYS.verifier())):
                async with httpx.AsyncClient() as plain:
                    ready = await plain.get(f"http://127.0.0.1:{http_port}/readyz")
                    assert ready.status_code == 200

                async def reported() -> bool:
                    await ask(client, back)
                    return metric(app, "router_sessions_reported_total", "sent") > 0

                await eventually(reported, within=15)
            assert any(e["event"] == "sessions.report_recovered" for e in logs)
    redis: Redis = Redis.from_url(settings.redis_url)
    leftovers = [k async for k in redis.scan_iter(f"{settings.redis_key_prefix}*")]
    if leftovers:
        await redis.delete(*leftovers)
    await redis.aclose()

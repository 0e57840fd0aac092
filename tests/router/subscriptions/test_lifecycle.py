"""How subscription connections start and end: authentication at ``connection_init`` (the same
JWT rules and revocation list as HTTP requests), limits, a subgraph restart and shutdown, each
ending with something the client can act on."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from tests.router.subscriptions.harness import TICKS, Stack, start_stack
from tests.support.live import multipart_events, receive, sse_events, subscribe, ws_connection


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_bad_token_is_refused_at_connection_init() -> None:
    async with start_stack() as stack:
        async with ws_connection(stack.ws, payload=bearer("not-a-jwt")) as ws:
            closed = await receive(ws)
        assert closed["type"] == "closed"
        assert closed["code"] == 4403
        # SSE reports the refusal inside the stream, as graphql-sse asks
        headers = {"accept": "text/event-stream", **bearer("not-a-jwt")}
        body = {"query": TICKS, "variables": {"user": "1"}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            events = [event async for event in sse_events(response)]
        assert events[0][0] == "next"
        assert '"UNAUTHENTICATED"' in events[0][1]
        assert events[1][0] == "complete"
        # multipart answers with the status
        headers = {"accept": 'multipart/mixed;subscriptionSpec="1.0"', **bearer("not-a-jwt")}
        response = await stack.http.post(stack.graphql, json=body, headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/graphql-response+json"
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        metrics = (await stack.http.get(f"{stack.router.url}/metrics")).text
        assert 'router_subscription_connections_refused_total{reason="unauthenticated"} 3.0' in (
            metrics
        )


async def test_a_revoked_token_is_refused_at_init_and_ends_open_streams() -> None:
    async with start_stack(revalidate_seconds=0.2) as stack:
        user_id = uuid.uuid4()
        token = await stack.token(user_id=user_id)
        async with ws_connection(stack.ws, payload=bearer(token)) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, "a", TICKS, {"user": "1"})
            await stack.emit_until_heard(1)
            assert (await receive(ws))["type"] == "next"
            await revoke(stack, user_id)
            ended = await receive(ws)  # within revalidate_seconds
            assert ended["type"] == "error"
            assert ended["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        async with ws_connection(stack.ws, payload=bearer(token)) as ws:
            assert (await receive(ws))["code"] == 4403


async def revoke(stack: Stack, user_id: uuid.UUID) -> None:
    """Revoke every token of the user issued so far (a clock a little ahead of theirs)."""
    ahead = type(stack.revocations)(stack.revocations.redis, clock=lambda: time.time() + 5)
    await ahead.revoke_user(user_id, ttl=900)


async def test_an_expiring_token_ends_the_stream_with_unauthenticated() -> None:
    async with start_stack() as stack:
        token = await stack.token(ttl=1)
        headers = {"accept": "text/event-stream", **bearer(token)}
        body = {"query": TICKS, "variables": {"user": "1"}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            events = [event async for event in sse_events(response) if event[0]]
        assert events[0][0] == "next"
        assert '"UNAUTHENTICATED"' in events[0][1]
        assert "expired" in events[0][1]
        assert events[-1][0] == "complete"


async def test_connection_limits_per_client_and_per_socket() -> None:
    async with start_stack(max_connections_per_client=1, max_operations_per_connection=1) as stack:
        token = await stack.token()
        async with ws_connection(stack.ws, payload=bearer(token)) as first:
            assert (await receive(first))["type"] == "connection_ack"
            # the same user again: over the per-client limit (1013: try again later)
            async with ws_connection(stack.ws, payload=bearer(token)) as second:
                closed = await receive(second)
            assert closed["code"] == 1013
            headers = {"accept": 'multipart/mixed;subscriptionSpec="1.0"', **bearer(token)}
            body = {"query": TICKS, "variables": {"user": "1"}}
            response = await stack.http.post(stack.graphql, json=body, headers=headers)
            assert response.status_code == 429
            assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            # another user is another client
            async with ws_connection(stack.ws, payload=bearer(await stack.token())) as other:
                assert (await receive(other))["type"] == "connection_ack"
            # one operation per socket
            await subscribe(first, "a", TICKS, {"user": "1"})
            await subscribe(first, "b", TICKS, {"user": "1"})
            refused = await receive(first)
            assert refused["id"] == "b"
            assert refused["payload"][0]["extensions"]["code"] == "RATE_LIMITED"
        # the place is given back when the socket closes
        async with ws_connection(stack.ws, payload=bearer(token)) as again:
            assert (await receive(again))["type"] == "connection_ack"


async def test_the_global_limit_counts_every_transport() -> None:
    async with start_stack(max_connections=1) as stack, ws_connection(stack.ws) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        headers = {"accept": "text/event-stream"}
        body = {"query": TICKS, "variables": {"user": "1"}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            events = [event async for event in sse_events(response)]
        assert '"RATE_LIMITED"' in events[0][1]


async def test_a_subgraph_restart_ends_the_stream_with_an_error_to_act_on() -> None:
    async with start_stack() as stack:
        async with ws_connection(stack.ws) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, "a", TICKS, {"user": "1"})
            await stack.emit_until_heard(1)
            assert (await receive(ws))["type"] == "next"
            await stack.stop_live()
            ended = await receive(ws)
            assert ended["type"] == "error"
            assert ended["id"] == "a"
            assert ended["payload"][0]["extensions"] == {
                "code": "SUBSCRIPTION_SOURCE_CLOSED",
                "service": "live",
            }
            # acting on it: subscribe again once the subgraph is back
            await stack.start_live()
            await subscribe(ws, "a", TICKS, {"user": "1"})
            await stack.emit_until_heard(2)
            assert (await receive(ws))["payload"]["data"]["ticks"]["n"] == 2
        # multipart reports the same end as a final part with errors
        headers = {"accept": 'multipart/mixed;subscriptionSpec="1.0"'}
        body = {"query": TICKS, "variables": {"user": "1"}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            parts = multipart_events(response)
            await stack.emit_until_heard(3)
            first = await anext(parts)
            assert first is not None
            assert first["payload"]["data"]["ticks"]["n"] == 3
            await stack.stop_live()
            last = await anext(parts)
            assert last is not None
            assert last["payload"] is None
            assert last["errors"][0]["extensions"]["code"] == "SUBSCRIPTION_SOURCE_CLOSED"
            assert await anext(parts) is None


async def test_shutdown_ends_every_stream_with_shutting_down() -> None:
    async with start_stack() as stack, ws_connection(stack.ws) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        await subscribe(ws, "a", TICKS, {"user": "1"})
        await stack.emit_until_heard(1)
        assert (await receive(ws))["type"] == "next"
        headers = {"accept": "text/event-stream"}
        body = {"query": TICKS, "variables": {"user": "1"}}
        async with (
            httpx.AsyncClient(timeout=10) as client,
            client.stream("POST", stack.graphql, json=body, headers=headers) as response,
        ):
            await stack.emit_until_heard(2, listeners=2)  # may emit 2 more than once
            events = sse_events(response)
            assert (await anext(events))[0] == "next"
            stop = asyncio.create_task(stack.router.stop())
            message = await receive(ws)
            while message["type"] == "next":
                message = await receive(ws)
            assert message["type"] == "error"
            assert message["payload"][0]["extensions"]["code"] == "SHUTTING_DOWN"
            closed = await receive(ws)
            assert closed["code"] == 1001
            rest = [event async for event in events if event[0]]
            assert '"SHUTTING_DOWN"' in rest[-2][1]
            assert rest[-1][0] == "complete"
            await stop


async def test_protocol_errors_close_with_the_protocol_codes() -> None:
    async with start_stack(connection_init_timeout_seconds=0.2) as stack:
        import aiohttp

        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(stack.ws, protocols=("graphql-ws",)) as ws:
                assert (await receive(ws))["code"] == 4406
            async with session.ws_connect(stack.ws, protocols=("graphql-transport-ws",)) as ws:
                assert (await receive(ws))["code"] == 4408  # no connection_init in time
        async with ws_connection(stack.ws) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await ws.send_str('{"type": "connection_init"}')
            assert (await receive(ws))["code"] == 4429
        async with ws_connection(stack.ws) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, "a", TICKS, {"user": "1"})
            await subscribe(ws, "a", TICKS, {"user": "1"})
            assert (await receive(ws))["code"] == 4409


async def test_more_subscriptions_than_a_default_connection_pool() -> None:
    """Every open subscription holds a subgraph socket: the router's client has no pool cap
    (aiohttp's default of 100 left the 101st subscription waiting forever)."""
    count = 110
    async with (
        start_stack(max_operations_per_connection=count) as stack,
        ws_connection(stack.ws) as ws,
    ):
        assert (await receive(ws))["type"] == "connection_ack"
        for i in range(count):
            await subscribe(ws, str(i), TICKS, {"user": "1"})
        await stack.emit_until_heard(1, listeners=count, within=30)

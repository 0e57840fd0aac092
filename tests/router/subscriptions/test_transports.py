"""Subscriptions through the router over real sockets, one test per client transport: the
router subscribes to ``live`` over graphql-transport-ws and resolves each event's ``user.name``
from ``people`` through the rest of the query plan."""

from __future__ import annotations

import asyncio
import uuid

import orjson

from tests.router.subscriptions.harness import TICKS, start_stack
from tests.support.live import multipart_events, receive, sse_events, subscribe, ws_connection


def person(user: str) -> dict[str, str]:
    """``user { id name }``: id from ``live``, name from ``people``."""
    return {"id": user, "name": f"name-{user}"}


async def test_graphql_transport_ws_delivers_events_with_fields_of_two_subgraphs() -> None:
    async with start_stack() as stack:
        user = str(uuid.uuid4())
        token = await stack.token()
        async with ws_connection(stack.ws, payload={"Authorization": f"Bearer {token}"}) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, "a", TICKS, {"user": user})
            await stack.emit_until_heard(1)
            message = await receive(ws)
            assert message == {
                "type": "next",
                "id": "a",
                "payload": {"data": {"ticks": {"n": 1, "user": person(user)}}},
            }
            await stack.emit_until_heard(2)
            assert (await receive(ws))["payload"]["data"]["ticks"]["n"] == 2
            # the subgraph saw the connection's bearer on its handshake
            assert stack.bus.authorizations[-1] == f"Bearer {token}"
            # the client completes: the router ends the subgraph's subscription too
            await ws.send_str(orjson.dumps({"type": "complete", "id": "a"}).decode())
            for _ in range(100):
                if not stack.bus.queues:
                    break
                await asyncio.sleep(0.02)
            assert not stack.bus.queues
            await ws.send_str('{"type": "ping"}')
            assert (await receive(ws))["type"] == "pong"
        metrics = (await stack.http.get(f"{stack.router.url}/metrics")).text
        assert 'router_subscription_events_total{transport="ws"} 2.0' in metrics
        assert 'router_subscriptions_ended_total{reason="client",transport="ws"} 1.0' in metrics


async def test_server_sent_events_distinct_connections_mode() -> None:
    async with start_stack(heartbeat_seconds=0.2) as stack:
        user = str(uuid.uuid4())
        headers = {"accept": "text/event-stream", "authorization": f"Bearer {await stack.token()}"}
        body = {"query": TICKS, "variables": {"user": user}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = sse_events(response)
            emitter = asyncio.create_task(stack.emit_until_heard(7))
            event, data = await anext(events)
            while event == "":  # heartbeats while the subscription opens
                event, data = await anext(events)
            await emitter
            assert event == "next"
            assert orjson.loads(data) == {"data": {"ticks": {"n": 7, "user": person(user)}}}
            assert await anext(events) == ("", ":")  # a heartbeat while nothing happens


async def test_multipart_http_apollo_protocol() -> None:
    async with start_stack(heartbeat_seconds=0.2) as stack:
        user = str(uuid.uuid4())
        headers = {
            "accept": 'multipart/mixed;subscriptionSpec="1.0", application/json',
            "authorization": f"Bearer {await stack.token()}",
        }
        body = {"query": TICKS, "variables": {"user": user}}
        async with stack.http.stream("POST", stack.graphql, json=body, headers=headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("multipart/mixed")
            parts = multipart_events(response)
            emitter = asyncio.create_task(stack.emit_until_heard(3))
            part = await anext(parts)
            while part == {}:  # heartbeats
                part = await anext(parts)
            await emitter
            assert part == {"payload": {"data": {"ticks": {"n": 3, "user": person(user)}}}}
            assert await anext(parts) == {}  # heartbeat


async def test_a_query_over_the_socket_is_one_result_then_complete() -> None:
    async with start_stack() as stack, ws_connection(stack.ws) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        await subscribe(ws, "q", '{ person(id: "7") { name } }', {})
        assert await receive(ws) == {
            "type": "next",
            "id": "q",
            "payload": {"data": {"person": {"name": "name-7"}}},
        }
        assert await receive(ws) == {"type": "complete", "id": "q"}
        await subscribe(ws, "bad", "subscription { nope }", {})
        error = await receive(ws)
        assert error["type"] == "error"
        assert error["id"] == "bad"
        assert error["payload"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_subscription_the_subgraph_completes_completes_on_every_transport() -> None:
    query = "subscription { countdown(start: 3) }"
    async with start_stack() as stack:
        async with ws_connection(stack.ws) as ws:
            assert (await receive(ws))["type"] == "connection_ack"
            await subscribe(ws, "c", query, {})
            got = [await receive(ws) for _ in range(4)]
        assert [m["payload"]["data"]["countdown"] for m in got[:3]] == [3, 2, 1]
        assert got[3] == {"type": "complete", "id": "c"}
        headers = {"accept": "text/event-stream"}
        async with stack.http.stream(
            "GET", stack.graphql, params={"query": query}, headers=headers
        ) as response:
            events = [event async for event in sse_events(response) if event[0]]
        assert [e for e, _ in events] == ["next", "next", "next", "complete"]
        headers = {"accept": 'multipart/mixed;subscriptionSpec="1.0"'}
        async with stack.http.stream(
            "POST", stack.graphql, json={"query": query}, headers=headers
        ) as response:
            parts = [part async for part in multipart_events(response)]
        assert parts == [{"payload": {"data": {"countdown": n}}} for n in (3, 2, 1)] + [None]
        # a stream over GET never runs a mutation (EventSource, links: cross-site requests)
        response = await stack.http.get(
            stack.graphql, params={"query": "mutation { emit(n: 1) }"}, headers=headers
        )
        assert response.status_code == 405

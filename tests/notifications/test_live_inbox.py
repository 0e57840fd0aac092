"""The inbox live through the router: ``notificationAdded`` brings the viewer's new items (with
the actor's login from profiles: two subgraphs per event) and nobody else's;
``unreadNotificationsCount`` gives the count now and after every change, read marks in
another tab included. Anonymous subscriptions are refused."""

from __future__ import annotations

import orjson

from common.contracts.subscriptions import Channel
from subgraphs.notifications.inbox import inbox_channel
from tests.notifications.support import Requests, request
from tests.support.live import receive, sse_events, subscribe, until_listening, ws_connection
from tests.support.platform import Platform
from tests.support.stores import redis_url

ADDED = "subscription { notificationAdded { id type read actor { id login } } }"
COUNT = "subscription { unreadNotificationsCount }"
MARK_ALL = "mutation { markAllNotificationsRead }"


async def test_notification_added_reaches_its_recipient_only(
    platform: Platform, requests: Requests
) -> None:
    reader, other, actor = [await platform.new_user() for _ in range(3)]
    ws = platform.router_url.replace("http://", "ws://")
    auth = {"Authorization": f"Bearer {reader.access_token}"}
    async with ws_connection(ws, payload=auth) as socket:
        assert (await receive(socket))["type"] == "connection_ack"
        await subscribe(socket, "n", ADDED, {})
        await until_listening(redis_url(), inbox_channel(reader.id))
        await requests.publish(request(recipient_id=other.id, channels=[Channel.IN_APP]))
        await requests.publish(
            request(recipient_id=reader.id, channels=[Channel.IN_APP], actor_id=actor.id)
        )
        message = await receive(socket)
        added = message["payload"]["data"]["notificationAdded"]
        assert added["read"] is False
        assert added["actor"] == {"id": actor.id, "login": actor.login}
        assert "errors" not in message["payload"]


async def test_the_unread_count_follows_every_change(
    platform: Platform, requests: Requests
) -> None:
    reader = await platform.new_user()
    headers = {"accept": "text/event-stream", "authorization": f"Bearer {reader.access_token}"}
    async with platform.http.stream(
        "POST", platform.router_url, json={"query": COUNT}, headers=headers
    ) as response:
        events = sse_events(response)

        async def count() -> int:
            event, data = await anext(events)
            while not event:
                event, data = await anext(events)
            value: int = orjson.loads(data)["data"]["unreadNotificationsCount"]
            return value

        assert await count() == 0
        await until_listening(redis_url(), inbox_channel(reader.id))
        await requests.publish(request(recipient_id=reader.id, channels=[Channel.IN_APP]))
        assert await count() == 1
        await platform.data(MARK_ALL, user=reader)  # another tab marks everything read
        assert await count() == 0

    anonymous = {"accept": "text/event-stream"}
    async with platform.http.stream(
        "POST", platform.router_url, json={"query": COUNT}, headers=anonymous
    ) as response:
        refused = [event async for event in sse_events(response) if event[0]]
    assert '"UNAUTHENTICATED"' in refused[0][1]

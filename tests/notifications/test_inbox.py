"""The in-app inbox and push subscriptions through the router: the inbox item is written even
when the external channel fails, read state, paging, who may read what, bad input."""

from __future__ import annotations

import base64
import uuid

from common.auth import Role
from common.contracts.subscriptions import Channel
from tests.notifications.support import Requests, deliveries, request
from tests.support.platform import Platform, TestUser
from tests.support.polling import eventually

INBOX = """
query Inbox($first: Int, $after: String, $unreadOnly: Boolean! = false, $locale: String) {
  me {
    id
    unreadNotificationsCount
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      nodes { id type title(locale: $locale) read }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""
OTHERS = "query Other($id: ID!) { user(id: $id) { notifications { nodes { id } } } }"
MARK = "mutation Mark($ids: [ID!]!) { markNotificationsRead(ids: $ids) }"
MARK_ALL = "mutation { markAllNotificationsRead }"
REGISTER = """
mutation Register($endpoint: String!, $keys: PushSubscriptionKeysInput!) {
  registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }
}"""
UNREGISTER = "mutation Unregister($e: String!) { unregisterPushSubscription(endpoint: $e) }"
MINE = "{ pushSubscriptions { endpoint } }"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


KEYS = {"p256dh": b64(b"\x04" + bytes(64)), "auth": b64(bytes(16))}


async def inbox(platform: Platform, user: TestUser, **variables: object) -> dict[str, object]:
    data = await platform.data(INBOX, variables, user=user)
    me: dict[str, object] = data["me"]
    return me


async def test_inbox_items_page_mark_read_and_stay_private(
    platform: Platform, requests: Requests
) -> None:
    reader, other = await platform.new_user(), await platform.new_user()
    items = [
        request(
            recipient_id=reader.id,
            channels=[Channel.IN_APP],
            subject_kind="POST",
            subject_id=str(uuid.uuid4()),
            data={"author_name": "ann", "post_title": f"Post {n}"},
        )
        for n in range(3)
    ]
    await requests.publish(*items)

    async def three() -> object:
        me = await inbox(platform, reader)
        return me if me["unreadNotificationsCount"] == 3 else None

    await eventually(three, within=60, what="three unread notifications")
    first = await inbox(platform, reader, first=2)
    page = first["notifications"]
    assert isinstance(page, dict)
    assert [n["title"] for n in page["nodes"]] == [
        "ann published “Post 2”",
        "ann published “Post 1”",
    ]
    assert page["pageInfo"]["hasNextPage"]
    rest = await inbox(platform, reader, first=2, after=page["pageInfo"]["endCursor"])
    [last] = rest["notifications"]["nodes"]  # type: ignore[index]
    assert last["title"] == "ann published “Post 0”"
    ru = await inbox(platform, reader, first=1, locale="ru")
    assert ru["notifications"]["nodes"][0]["title"] == "ann опубликовал(а) «Post 2»"  # type: ignore[index]  # noqa: RUF001

    # marking someone else's ids changes nothing; one's own, once
    assert (await platform.data(MARK, {"ids": [last["id"]]}, user=other))[
        "markNotificationsRead"
    ] == 0
    assert (await platform.data(MARK, {"ids": [last["id"]]}, user=reader))[
        "markNotificationsRead"
    ] == 1
    unread = await inbox(platform, reader, unreadOnly=True)
    assert unread["unreadNotificationsCount"] == 2
    assert last["id"] not in [n["id"] for n in unread["notifications"]["nodes"]]  # type: ignore[index]
    assert (await platform.data(MARK_ALL, user=reader))["markAllNotificationsRead"] == 2
    assert (await inbox(platform, reader))["unreadNotificationsCount"] == 0

    body = await platform.gql(OTHERS, {"id": reader.id}, user=other)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await platform.gql(MARK, {"ids": ["not-an-id"]}, user=reader)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await platform.gql(MARK_ALL)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_inbox_item_is_written_when_email_fails(
    platform: Platform, requests: Requests
) -> None:
    reader = await platform.new_user()
    item = request(
        recipient_id=reader.id,
        channels=[Channel.EMAIL, Channel.IN_APP],
        email_to=f"bounce.{uuid.uuid4().hex[:8]}@example.com",
        data={"author_name": "ann", "post_title": "Lost mail"},
    )
    await requests.publish(item)
    target = platform.services["notifications"].grpc_target

    async def failed() -> object:
        rows = await deliveries(target, item.idempotency_key)
        return rows if rows and rows[0].state == "FAILED" else None

    await eventually(failed, within=60, what="the email to fail")
    me = await inbox(platform, reader)
    assert me["unreadNotificationsCount"] == 1


async def test_push_subscriptions_register_move_and_unregister(platform: Platform) -> None:
    reader, other = await platform.new_user(), await platform.new_user(Role.READER)
    endpoint = f"https://push.example.com/send/{uuid.uuid4().hex}"
    data = await platform.data(REGISTER, {"endpoint": endpoint, "keys": KEYS}, user=reader)
    assert data["registerPushSubscription"]["endpoint"] == endpoint
    again = await platform.data(REGISTER, {"endpoint": endpoint, "keys": KEYS}, user=reader)
    assert again["registerPushSubscription"]["id"] == data["registerPushSubscription"]["id"]
    assert (await platform.data(MINE, user=reader))["pushSubscriptions"] == [{"endpoint": endpoint}]
    # the browser now belongs to someone else: it moves
    await platform.data(REGISTER, {"endpoint": endpoint, "keys": KEYS}, user=other)
    assert (await platform.data(MINE, user=reader))["pushSubscriptions"] == []
    assert (await platform.data(UNREGISTER, {"e": endpoint}, user=reader))[
        "unregisterPushSubscription"
    ] is False
    assert (await platform.data(UNREGISTER, {"e": endpoint}, user=other))[
        "unregisterPushSubscription"
    ] is True

    for endpoint_value, keys in (
        ("ftp://push.example.com/x", KEYS),
        (endpoint, {"p256dh": "!!!", "auth": KEYS["auth"]}),
        (endpoint, {"p256dh": b64(b"\x04" + bytes(10)), "auth": KEYS["auth"]}),
        (endpoint, {"p256dh": KEYS["p256dh"], "auth": b64(bytes(3))}),
        ("https://" + "a" * 3000 + ".example.com/", KEYS),
    ):
        body = await platform.gql(REGISTER, {"endpoint": endpoint_value, "keys": keys}, user=reader)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body

"""Through the router on the whole platform (tansu, PostgreSQL): a reader follows an author and a
tag, the author's post is published, and exactly one notification request (listing the wanted
channels) appears on the topic for that reader; unfollowing and opting out stop it. Upstream's
REST routes publish events and email requests (OWNER only, unknown types 400)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from common.auth import Role
from common.contracts.subscriptions import NOTIFICATION_REQUEST, NotificationRequest
from tests.events.conftest import kafka_for, read_all
from tests.rest.support import Rest
from tests.support.kafka import TansuBroker, tansu
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.polling import eventually

FOLLOW = "mutation($k: FollowKind!, $id: ID!) { follow(target: $k, id: $id) { kind } }"
PREFS = """mutation($p: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $p) { type }
}"""


@pytest.fixture(scope="module")
async def broker() -> AsyncIterator[TansuBroker]:
    async with tansu() as started:
        yield started


@pytest.fixture(scope="module")
async def platform(broker: TansuBroker) -> AsyncIterator[Platform]:
    async with start_platform(kafka=broker.bootstrap) as running_platform:
        yield running_platform


async def follow(platform: Platform, user: TestUser, kind: str, target: str) -> None:
    """Once subscriptions has heard of the target (auth's and posts' events)."""

    async def followed() -> bool:
        body = await platform.gql(FOLLOW, {"k": kind, "id": target}, user=user)
        return not body.get("errors")

    await eventually(followed, within=30, interval=0.2, what=f"following {kind} {target}")


async def records(broker: TansuBroker, topic: str) -> list[Any]:
    """Every record of the topic so far (none while the topic does not exist yet)."""
    try:
        return await read_all(kafka_for(broker), topic, 0, within=3)
    except AssertionError:
        return []


async def requests_for(broker: TansuBroker, reader: str) -> list[NotificationRequest]:
    found = [
        NOTIFICATION_REQUEST.parse(orjson.loads(r.value or b"")["payload"])
        for r in await records(broker, NOTIFICATION_REQUEST.name)
    ]
    return [r for r in found if str(r.recipient_id) == reader]


async def publish(platform: Platform, writer: TestUser, owner: TestUser, tag: str) -> str:
    created = await platform.data(
        'mutation($t: ID!) { createPost(input: {topic: "Hello", text: "x", tagIds: [$t]}) { id } }',
        {"t": tag},
        user=writer,
    )
    post_id: str = created["createPost"]["id"]
    await platform.data(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        {"id": post_id},
        user=owner,
    )
    return post_id


async def test_a_reader_hears_of_a_followed_authors_post_once(
    platform: Platform, broker: TansuBroker
) -> None:
    owner = await platform.new_user(Role.OWNER)
    writer = await platform.new_user(Role.WRITER)
    reader = await platform.new_user(Role.READER)
    tag = (await platform.data('mutation { createTag(name: "followed") { id } }', user=owner))[
        "createTag"
    ]["id"]
    await follow(platform, reader, "AUTHOR", writer.id)
    await follow(platform, reader, "TAG", tag)

    first = await publish(platform, writer, owner, tag)

    async def arrived() -> list[NotificationRequest]:
        return [r for r in await requests_for(broker, reader.id) if r.subject_id == first]

    [request] = await eventually(arrived, within=30, what="the reader's notification request")
    assert request.type == "NEW_POST_BY_AUTHOR"
    assert request.channels == ["EMAIL", "IN_APP"]
    assert str(request.actor_id) == writer.id
    author = await platform.data(
        "query($id: ID!) { user(id: $id) { followersCount viewerFollows } }",
        {"id": writer.id},
        user=reader,
    )
    assert author["user"] == {"followersCount": 1, "viewerFollows": True}

    # unfollowing the author leaves the tag: its type now; opting out of that: nothing
    await platform.data(
        "mutation($id: ID!) { unfollow(target: AUTHOR, id: $id) }", {"id": writer.id}, user=reader
    )
    second = await publish(platform, writer, owner, tag)

    async def second_arrived() -> list[NotificationRequest]:
        return [r for r in await requests_for(broker, reader.id) if r.subject_id == second]

    [by_tag] = await eventually(second_arrived, within=30, what="the tag's request")
    assert by_tag.type == "NEW_POST_IN_TAG"
    await platform.data(PREFS, {"p": [{"type": "NEW_POST_IN_TAG", "channels": []}]}, user=reader)
    third = await publish(platform, writer, owner, tag)
    marker_reader = await platform.new_user(Role.READER)
    await follow(platform, marker_reader, "TAG", tag)
    fourth = await publish(platform, writer, owner, tag)

    async def marker() -> list[NotificationRequest]:
        return [r for r in await requests_for(broker, marker_reader.id) if r.subject_id == fourth]

    await eventually(marker, within=30, what="a later post's request to another reader")
    assert [
        r for r in await requests_for(broker, reader.id) if r.subject_id in (third, fourth)
    ] == []


async def test_upstream_event_routes(platform: Platform, broker: TansuBroker) -> None:
    rest = Rest(platform)
    owner = await platform.new_user(Role.OWNER)
    reader = await platform.new_user(Role.READER)
    assert await rest.ok("GET", "/subscriptions/ping") == "Pong!"
    event = {"EventType": "SEND_EMAIL", "EventBody": '{"Recepient": "a@example.org"}'}
    assert await rest.ok("POST", "/subscriptions/event", json=event, user=owner) == "DONE"
    unknown = await rest.call(
        "POST", "/subscriptions/event", json={**event, "EventType": "x"}, user=owner
    )
    assert unknown.status_code == 400
    forbidden = await rest.call("POST", "/subscriptions/event", json=event, user=reader)
    assert forbidden.status_code == 403
    email = {
        "Sender": "me@example.org",
        "Recepient": "you@example.org",
        "Subject": "Hi",
        "Body": "b",
    }
    assert await rest.ok("POST", "/subscriptions/event/email", json=email, user=owner) == "DONE"
    bad = await rest.call(
        "POST", "/subscriptions/event/email", json={**email, "Recepient": "nope"}, user=owner
    )
    assert bad.status_code == 400

    [sent] = await eventually(lambda: records(broker, "SEND_EMAIL"), within=30, what="SEND_EMAIL")
    assert orjson.loads(sent.value or b"")["payload"] == {"Recepient": "a@example.org"}

    async def emails() -> list[Any]:
        parsed = [
            NOTIFICATION_REQUEST.parse(orjson.loads(r.value or b"")["payload"])
            for r in await records(broker, NOTIFICATION_REQUEST.name)
        ]
        return [r for r in parsed if r.email_to == "you@example.org"]

    [request] = await eventually(emails, within=30, what="the email request")
    assert (request.type, request.email_subject, request.channels) == ("EMAIL", "Hi", ["EMAIL"])

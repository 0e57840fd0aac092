"""With a broker configured, auth's outbox reaches Kafka (a real tansu broker)."""

from __future__ import annotations

import orjson

from tests.auth.support import auth_service
from tests.events.conftest import kafka_for, read_topic
from tests.profiles.support import Profiles
from tests.support.kafka import tansu


async def test_sign_up_events_are_published(profiles: Profiles) -> None:
    async with (
        tansu() as broker,
        auth_service(
            profiles.service.grpc_target, kafka_bootstrap_servers=broker.bootstrap
        ) as auth,
    ):
        user_id, email = await auth.sign_up()
        kafka = kafka_for(broker)
        [registered] = await read_topic(kafka, "auth.user.v1", 1)
        [requested] = await read_topic(kafka, "auth.email.v1", 1)
    assert registered.key == user_id.encode()
    envelope = orjson.loads(registered.value)
    assert envelope["type"] == "UserRegistered"
    assert envelope["payload"]["email"] == email
    payload = orjson.loads(requested.value)["payload"]
    assert (payload["to"], payload["template"]) == (email, "confirm_email")
    assert payload["link"].endswith(payload["token"])

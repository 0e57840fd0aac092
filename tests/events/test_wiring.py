"""A service wires the relay and a consumer into its ServiceApp hooks: an event written with
`add_event` reaches the consumer's write through the real broker."""

from __future__ import annotations

import uuid

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from common.db import Database
from common.events import Event, EventConsumer, OutboxRelay, once_in_postgres
from common.outbox import add_event
from common.service import ServiceApp, running
from common.settings import ServiceSettings
from tests.events.conftest import applied, kafka_for, outbox, processed, unique_topic
from tests.support.kafka import TansuBroker
from tests.support.polling import eventually


async def no_graphql(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("not here", status_code=404)(scope, receive, send)


async def test_relay_and_consumer_in_service_hooks(database: Database, broker: TansuBroker) -> None:
    settings = ServiceSettings(
        service_name="wiring-test", environment="test", kafka_bootstrap_servers=broker.bootstrap
    )
    kafka = kafka_for(broker)  # Kafka.from_settings(settings) in a service; tests shorten timeouts
    topic = unique_topic("wiring")
    await kafka.ensure_topics([topic], partitions=1)

    async def apply(session: AsyncSession, event: Event) -> None:
        await session.execute(
            insert(applied).values(event_id=event.id, key=event.key, value=event.payload["n"])
        )

    relay = OutboxRelay(database, outbox, kafka.producer, service=settings.service_name)
    consumer = EventConsumer(
        [topic],
        f"wiring-{uuid.uuid4().hex[:6]}",
        once_in_postgres(database, processed, "wiring", apply),
        kafka=kafka,
    )
    app = ServiceApp(
        settings=settings,
        graphql=no_graphql,
        on_start=[relay.start, consumer.start],
        on_stop=[relay.stop, consumer.stop],  # run in reverse: consumer first, then the relay
    )
    async with running(app, free_ports=True):
        async with database.transaction() as session:
            event = await add_event(
                session, outbox, topic=topic, key="post-1", type="post.published", payload={"n": 7}
            )

        async def arrived() -> bool:
            async with database.session() as session:
                return (await session.scalar(select(applied.c.value))) == 7

        await eventually(arrived, within=15.0)
    async with database.session() as session:
        rows = (await session.execute(select(applied.c.event_id))).scalars().all()
    assert rows == [event["id"]]

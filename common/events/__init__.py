"""The events capability: Kafka clients, the outbox relay, the consumer base and the
processed-events helpers. Wiring a service:

    kafka = Kafka.from_settings(settings)
    relay = OutboxRelay(database, outbox, kafka.producer, service=settings.service_name)
    consumer = EventConsumer(["posts.post.v1"], "feed", handler, kafka=kafka)
    ServiceApp(..., on_start=[open_db, relay.start, consumer.start],
               on_stop=[consumer.stop, relay.stop, close_db])
"""

from common.events.consumer import Event, EventConsumer, Handler, PoisonMessage, decode_event
from common.events.idempotency import (
    claim_event,
    once_in_postgres,
    once_in_redis,
    processed_events_table,
    processed_key,
    prune_processed,
)
from common.events.kafka import Kafka, LazyProducer, dlq_topic
from common.events.relay import OutboxRelay, notify_trigger_ddl

__all__ = [
    "Event",
    "EventConsumer",
    "Handler",
    "Kafka",
    "LazyProducer",
    "OutboxRelay",
    "PoisonMessage",
    "claim_event",
    "decode_event",
    "dlq_topic",
    "notify_trigger_ddl",
    "once_in_postgres",
    "once_in_redis",
    "processed_events_table",
    "processed_key",
    "prune_processed",
]

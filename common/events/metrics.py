"""Prometheus metrics of the events capability (served at every service's `/metrics`).

Labelled by `service` (relay) or `group` (consumers) because tests run several in one process.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_PUBLISHED = Counter(
    "indefinite_outbox_published_total",
    "Outbox events published to Kafka (acknowledged by the broker)",
    ["service", "topic"],
)
OUTBOX_FAILURES = Counter(
    "indefinite_outbox_publish_failures_total",
    "Outbox events the broker did not acknowledge (they stay unpublished and are retried)",
    ["service"],
)
OUTBOX_UNPUBLISHED = Gauge(
    "indefinite_outbox_unpublished", "Outbox rows not yet published (relay lag)", ["service"]
)
OUTBOX_OLDEST_AGE = Gauge(
    "indefinite_outbox_oldest_unpublished_age_seconds",
    "Age of the oldest unpublished outbox row (0 when none)",
    ["service"],
)
OUTBOX_DELAY = Histogram(
    "indefinite_outbox_publish_delay_seconds",
    "From the event's occurred_at to the broker's acknowledgement",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)

EVENTS_CONSUMED = Counter(
    "indefinite_events_consumed_total",
    "Events a consumer finished with, by outcome (handled, dead_lettered)",
    ["group", "topic", "outcome"],
)
EVENTS_HANDLER_ERRORS = Counter(
    "indefinite_events_handler_errors_total",
    "Transient handler failures (the event is retried, never skipped)",
    ["group", "topic"],
)
EVENTS_CONSUMER_LAG = Gauge(
    "indefinite_events_consumer_lag",
    "Records in Kafka not yet consumed by the group (this member's partitions)",
    ["group", "topic"],
)
EVENTS_END_TO_END = Histogram(
    "indefinite_events_end_to_end_seconds",
    "From the event's occurred_at to its consumer finishing it (the feed's group: a post's "
    "publish-to-visible latency)",
    ["group", "topic"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800),
)
EVENTS_HANDLE_SECONDS = Histogram(
    "indefinite_events_handle_seconds", "Time spent in a consumer's handler", ["group", "topic"]
)

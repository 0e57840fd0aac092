"""Prometheus metrics of delivery (exposed at /metrics with the shared HTTP ones).

indefinite_notifications_deliveries_total{channel, outcome}
    outcome: sent, retry (transient failure, tried again later), failed (permanent),
    dead (attempts exhausted, dead-lettered), skipped_<reason>, digest (queued for one)
indefinite_notifications_delivery_seconds{channel}   source event -> accepted by the channel
indefinite_notifications_send_seconds{channel}       one send call
indefinite_notifications_queue_due                   PENDING deliveries due now
indefinite_notifications_queue_oldest_seconds        age of the oldest due one (queue lag)
indefinite_notifications_consumer_lag{topic, partition}  requests not yet read from Kafka
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 86400)

DELIVERIES = Counter(
    "indefinite_notifications_deliveries_total",
    "Notification deliveries by channel and outcome",
    ["channel", "outcome"],
)
DELIVERY_SECONDS = Histogram(
    "indefinite_notifications_delivery_seconds",
    "From the source event to the channel accepting the notification",
    ["channel"],
    buckets=LATENCY_BUCKETS,
)
SEND_SECONDS = Histogram(
    "indefinite_notifications_send_seconds", "Duration of one send call", ["channel"]
)
QUEUE_DUE = Gauge("indefinite_notifications_queue_due", "PENDING deliveries due now")
QUEUE_OLDEST_SECONDS = Gauge(
    "indefinite_notifications_queue_oldest_seconds", "How long the oldest due delivery waited"
)
CONSUMER_LAG = Gauge(
    "indefinite_notifications_consumer_lag",
    "Notification requests in Kafka not yet consumed",
    ["topic", "partition"],
)

"""Event contracts: every Kafka topic's name, key and payload schema, declared once by the
service that produces it and imported by both the producer and its consumers.

One module per producing service (`posts.py`, `subscriptions.py`, ...); a `Topic` binds a topic
name to the pydantic model of its payload, so a producer validates what it writes and a consumer
parses what it reads with the same declaration.
"""

from common.contracts.topic import Contract, Topic

__all__ = ["Contract", "Topic"]

"""Subscriptions in the core: the router subscribes to the subgraph that owns the root field
(graphql-transport-ws, ``source.py``) and runs the rest of the query plan for every event
(``stream.py``), the way Apollo Router and Hive Router federate subscriptions: the plan's first
fetch is the subscription itself, the fetches after it resolve each event's fields owned by
other subgraphs through the normal executor."""

from router.subscription.source import (
    SourceClosedError,
    SubgraphSubscriber,
    WebSocketSubscriber,
)
from router.subscription.stream import SubscriptionStream, split_plan

__all__ = [
    "SourceClosedError",
    "SubgraphSubscriber",
    "SubscriptionStream",
    "WebSocketSubscriber",
    "split_plan",
]

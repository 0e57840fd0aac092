"""What notifications publishes: the deliveries it gave up on.

    topic                                   key            payload
    notifications.delivery-dead-letter.v1   recipient id   DeliveryDeadLettered
                                            (or address)

A delivery lands here after its last transient failure (retries exhausted) so an operator can
see it, fix the cause and replay the request; permanent failures are only recorded in the
service's database (replaying them would fail the same way).
"""

from __future__ import annotations

import uuid

from common.contracts.subscriptions import Channel
from common.contracts.topic import Contract, Topic


class DeliveryDeadLettered(Contract):
    """One (request, channel) delivery that exhausted its attempts."""

    idempotency_key: str
    request_key: str
    recipient_id: uuid.UUID | None
    channel: Channel
    notification_type: str
    attempts: int
    last_error: str
    request: dict[str, object]
    """The request as received, so it can be published again once the cause is fixed."""


DEAD_LETTERED = "DeliveryDeadLettered"
DELIVERY_DEAD_LETTER = Topic(
    "notifications.delivery-dead-letter.v1", DeliveryDeadLettered, key="recipient id"
)

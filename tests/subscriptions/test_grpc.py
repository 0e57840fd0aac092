"""gRPC PutEvent / PutSendEmailEvent (upstream's SubscriptionsService): the outbox rows they
write, and INVALID_ARGUMENT for an unknown event type or a bad address."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from sqlalchemy import select

from common.contracts.subscriptions import NOTIFICATION_REQUEST
from common.grpc import client_channel
from protos.indefinite.subscriptions.v1 import subscriptions_pb2 as pb
from protos.indefinite.subscriptions.v1 import subscriptions_pb2_grpc
from subgraphs.subscriptions.models import outbox
from tests.subscriptions.support import Subscriptions


async def test_put_event_and_email(subs: Subscriptions) -> None:
    async with client_channel(subs.service.grpc_target) as channel:
        stub: Any = subscriptions_pb2_grpc.SubscriptionsServiceStub(channel)  # type: ignore[no-untyped-call]
        sent = await stub.PutEvent(pb.PutEventRequest(event_type="SEND_EMAIL", event_body="hi"))
        email = await stub.PutSendEmailEvent(
            pb.PutSendEmailEventRequest(
                sender="", recepient="Ann@Example.org", subject="Welcome", body="Hello"
            )
        )
        for bad in (
            stub.PutEvent(pb.PutEventRequest(event_type="posts.post.v1", event_body="{}")),
            stub.PutSendEmailEvent(pb.PutSendEmailEventRequest(recepient="x", subject="s")),
            stub.PutSendEmailEvent(
                pb.PutSendEmailEventRequest(recepient="a@example.org", subject="a\nBcc: b")
            ),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await bad
            assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    async with subs.db.session() as session:
        rows = {r.id: r for r in (await session.execute(select(outbox))).all()}
    event = next(r for r in rows.values() if str(r.id) == sent.event_id)
    assert (event.topic, event.payload) == ("SEND_EMAIL", {"body": "hi"})
    [request] = [
        NOTIFICATION_REQUEST.parse(r.payload)
        for r in rows.values()
        if r.topic == NOTIFICATION_REQUEST.name and r.payload["source_event_id"] == email.event_id
    ]
    assert (request.email_to, request.email_subject, request.email_body) == (
        "Ann@Example.org",
        "Welcome",
        "Hello",
    )
    assert request.recipient_id is None
    assert request.channels == ["EMAIL"]

"""The internal gRPC face (protos/indefinite/subscriptions/v1/subscriptions.proto): upstream's
PutEvent and PutSendEmailEvent. BadUserInput becomes INVALID_ARGUMENT (common.grpc)."""

from __future__ import annotations

from typing import Any

import grpc

from common.grpc import Register
from protos.indefinite.subscriptions.v1 import subscriptions_pb2, subscriptions_pb2_grpc
from subgraphs.subscriptions.upstream import Upstream

Context = grpc.aio.ServicerContext[Any, Any]


class SubscriptionsServicer(subscriptions_pb2_grpc.SubscriptionsServiceServicer):
    def __init__(self, upstream: Upstream) -> None:
        self.upstream = upstream

    async def PutEvent(
        self, request: subscriptions_pb2.PutEventRequest, context: Context
    ) -> subscriptions_pb2.PutEventResponse:
        event_id = await self.upstream.put_event(request.event_type, request.event_body)
        return subscriptions_pb2.PutEventResponse(event_id=event_id)

    async def PutSendEmailEvent(
        self, request: subscriptions_pb2.PutSendEmailEventRequest, context: Context
    ) -> subscriptions_pb2.PutSendEmailEventResponse:
        event_id = await self.upstream.put_email(
            sender=request.sender,
            recipient=request.recepient,
            subject=request.subject,
            body=request.body,
        )
        return subscriptions_pb2.PutSendEmailEventResponse(event_id=event_id)


def registration(upstream: Upstream) -> Register:
    def add(server: grpc.aio.Server) -> None:
        subscriptions_pb2_grpc.add_SubscriptionsServiceServicer_to_server(  # type: ignore[no-untyped-call]
            SubscriptionsServicer(upstream), server
        )

    return add

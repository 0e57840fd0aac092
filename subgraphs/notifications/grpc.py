"""The internal gRPC face (protos/indefinite/notifications/v1/notifications.proto)."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
from sqlalchemy import select

from common.db import Database
from common.errors import BadUserInput
from common.grpc import Register
from protos.indefinite.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from subgraphs.notifications.inbox import Inbox
from subgraphs.notifications.models import Delivery

Context = grpc.aio.ServicerContext[Any, Any]


class NotificationsServicer(notifications_pb2_grpc.NotificationsServiceServicer):
    def __init__(self, db: Database, inbox: Inbox) -> None:
        self.db = db
        self.inbox = inbox

    async def GetDeliveries(
        self, request: notifications_pb2.GetDeliveriesRequest, context: Context
    ) -> notifications_pb2.GetDeliveriesResponse:
        async with self.db.session() as session:
            rows = await session.scalars(
                select(Delivery)
                .where(Delivery.request_key == request.request_key)
                .order_by(Delivery.idempotency_key)
            )
            deliveries = [
                notifications_pb2.Delivery(
                    idempotency_key=row.idempotency_key,
                    channel=row.channel,
                    state=row.state,
                    attempts=row.attempts,
                    reason=row.reason or "",
                    last_error=row.last_error or "",
                )
                for row in rows
            ]
        return notifications_pb2.GetDeliveriesResponse(deliveries=deliveries)

    async def GetUnreadCount(
        self, request: notifications_pb2.GetUnreadCountRequest, context: Context
    ) -> notifications_pb2.GetUnreadCountResponse:
        try:
            user_id = uuid.UUID(request.user_id)
        except ValueError:
            raise BadUserInput("user_id is not a UUID", field="user_id") from None
        return notifications_pb2.GetUnreadCountResponse(
            count=await self.inbox.unread_count(user_id=user_id)
        )


def registration(db: Database, inbox: Inbox) -> Register:
    def add(server: grpc.aio.Server) -> None:
        notifications_pb2_grpc.add_NotificationsServiceServicer_to_server(  # type: ignore[no-untyped-call]
            NotificationsServicer(db, inbox), server
        )

    return add

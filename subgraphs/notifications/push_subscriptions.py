"""Browsers' web-push subscriptions (the Push API's `PushSubscription.toJSON()`): endpoint and
the p256dh / auth keys payloads are encrypted for. One endpoint belongs to one user at a time
(registering it again moves it); a 404/410 from the push service removes it (dispatcher)."""

from __future__ import annotations

import base64
import binascii
import uuid
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

from common.db import Database
from common.errors import BadUserInput, Conflict
from common.ids import new_id
from subgraphs.notifications.models import ENDPOINT_MAX, PushSubscription

MAX_PER_USER = 20
P256DH_BYTES = 65  # an uncompressed P-256 point
AUTH_BYTES = 16


def _b64url(value: str, *, field: str, size: int) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise BadUserInput(f"{field} is not base64url", field=field) from None
    if len(raw) != size:
        raise BadUserInput(f"{field} must be {size} bytes", field=field)
    return raw


def check_subscription(endpoint: str, p256dh: str, auth: str, *, allow_http: bool) -> None:
    if len(endpoint) > ENDPOINT_MAX:
        raise BadUserInput(f"endpoint is longer than {ENDPOINT_MAX} characters", field="endpoint")
    parts = urlsplit(endpoint)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise BadUserInput("endpoint must be an https URL", field="endpoint")
    if len(p256dh) > 128 or len(auth) > 64:
        raise BadUserInput("keys are too long", field="keys")
    key = _b64url(p256dh, field="p256dh", size=P256DH_BYTES)
    if key[0] != 0x04:
        raise BadUserInput("p256dh must be an uncompressed P-256 point", field="p256dh")
    _b64url(auth, field="auth", size=AUTH_BYTES)


class PushSubscriptions:
    def __init__(self, db: Database, *, allow_http: bool) -> None:
        self.db = db
        self.allow_http = allow_http

    async def register(
        self, *, user_id: uuid.UUID, endpoint: str, p256dh: str, auth: str
    ) -> PushSubscription:
        check_subscription(endpoint, p256dh, auth, allow_http=self.allow_http)
        async with self.db.transaction() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(PushSubscription)
                .where(PushSubscription.user_id == user_id, PushSubscription.endpoint != endpoint)
            )
            if (count or 0) >= MAX_PER_USER:
                raise Conflict(
                    f"at most {MAX_PER_USER} push subscriptions; unregister an old one first"
                )
            row = (
                await session.scalars(
                    insert(PushSubscription)
                    .values(
                        id=new_id(), user_id=user_id, endpoint=endpoint, p256dh=p256dh, auth=auth
                    )
                    .on_conflict_do_update(
                        index_elements=["endpoint"],
                        set_={"user_id": user_id, "p256dh": p256dh, "auth": auth},
                    )
                    .returning(PushSubscription)
                )
            ).one()
        return row

    async def unregister(self, *, user_id: uuid.UUID, endpoint: str) -> bool:
        async with self.db.transaction() as session:
            result = await session.execute(
                delete(PushSubscription).where(
                    PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint
                )
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def of_user(self, user_id: uuid.UUID) -> list[PushSubscription]:
        async with self.db.session() as session:
            return list(
                await session.scalars(
                    select(PushSubscription)
                    .where(PushSubscription.user_id == user_id)
                    .order_by(PushSubscription.created_at)
                )
            )

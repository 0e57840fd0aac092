"""Closing digest windows: the DIGEST rows of one recipient whose window has closed become one
digest delivery (an ordinary PENDING email, key `digest:<recipient>:<window end>`), and are
marked DIGESTED with that key, in one transaction (rows locked SKIP LOCKED, so replicas never
gather the same rows twice)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from common.contracts.subscriptions import Channel
from common.db import Database
from common.ids import new_id
from common.logging import get_logger
from subgraphs.notifications.messages import DIGEST
from subgraphs.notifications.models import Delivery, State

log = get_logger(__name__)

DIGEST_TYPE = DIGEST.upper()
MAX_ITEMS = 100
"""Items in one digest email; more wait for the next run of the closer (at once)."""


def digest_key(recipient_id: uuid.UUID, window_end: dt.datetime) -> str:
    return f"digest:{recipient_id}:{window_end.astimezone(dt.UTC).isoformat()}"


async def close_due_digests(db: Database, *, limit: int = 50) -> int:
    """Queue the digests whose window has closed; returns how many were queued."""
    async with db.session() as session:
        due = (
            await session.execute(
                select(Delivery.recipient_id, func.max(Delivery.digest_due_at))
                .where(Delivery.state == State.DIGEST, Delivery.digest_due_at <= func.now())
                .group_by(Delivery.recipient_id)
                .limit(limit)
            )
        ).all()
    queued = 0
    for recipient_id, window_end in due:
        if recipient_id is not None and await _close(db, recipient_id, window_end):
            queued += 1
    return queued


async def _close(db: Database, recipient_id: uuid.UUID, window_end: dt.datetime) -> bool:
    async with db.transaction() as session:
        rows = list(
            await session.scalars(
                select(Delivery)
                .where(
                    Delivery.recipient_id == recipient_id,
                    Delivery.state == State.DIGEST,
                    Delivery.digest_due_at <= window_end,
                )
                .order_by(Delivery.requested_at)
                .limit(MAX_ITEMS)
                .with_for_update(skip_locked=True)
            )
        )
        if not rows:
            return False
        key = digest_key(recipient_id, window_end)
        if len(rows) == MAX_ITEMS:
            key += f":{rows[-1].id}"
        await session.execute(
            insert(Delivery)
            .values(
                id=new_id(),
                idempotency_key=key,
                request_key=key,
                recipient_id=recipient_id,
                channel=Channel.EMAIL.value,
                type=DIGEST_TYPE,
                state=State.PENDING,
                request={"items": [row.request for row in rows]},
                address=rows[0].address,
                track_id=rows[-1].track_id,
                attempts=0,
                next_attempt_at=func.now(),
                requested_at=window_end,
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_([row.id for row in rows]))
            .values(state=State.DIGESTED, digest_key=key)
        )
    log.info("digest queued", recipient=str(recipient_id), items=len(rows), digest=key)
    return True

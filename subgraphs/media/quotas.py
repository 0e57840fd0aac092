"""Per-user upload limits, counted from the images table itself (every upload is a row, rejected
ones too, so failing uploads count against the quota as well).

Checked inside the transaction that inserts the new image, after a per-owner advisory lock: two
concurrent requests of one user are counted one after the other, never both under the limit.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Viewer
from common.errors import RateLimited
from subgraphs.media.models import Image
from subgraphs.media.settings import Settings

DAY = dt.timedelta(days=1)
MINUTE = dt.timedelta(minutes=1)


def _lock_key(owner_id: uuid.UUID) -> int:
    """A signed 64-bit advisory lock key from the owner id."""
    return int.from_bytes(owner_id.bytes[:8], "big", signed=True)


async def check_quota(
    session: AsyncSession, *, viewer: Viewer, size: int, now: dt.datetime, settings: Settings
) -> None:
    """RateLimited (with `retryAfter` seconds) when this upload would pass a limit."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(viewer.user_id)}
    )
    row = (
        await session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Image.declared_size), 0),
                func.min(Image.created_at),
                func.count().filter(Image.created_at > now - MINUTE),
                func.min(Image.created_at).filter(Image.created_at > now - MINUTE),
            ).where(Image.owner_id == viewer.user_id, Image.created_at > now - DAY)
        )
    ).one()
    count, used_bytes, oldest, last_minute, oldest_in_minute = row
    role = viewer.role.value
    if last_minute >= settings.uploads_per_minute:
        raise RateLimited(
            "Too many uploads in a minute", retryAfter=_retry(oldest_in_minute, MINUTE, now)
        )
    if count >= settings.uploads_per_day.get(role, 0):
        raise RateLimited("Daily upload quota reached", retryAfter=_retry(oldest, DAY, now))
    if int(used_bytes) + size > settings.upload_bytes_per_day.get(role, 0):
        raise RateLimited("Daily upload volume reached", retryAfter=_retry(oldest, DAY, now))


def _retry(oldest: dt.datetime | None, window: dt.timedelta, now: dt.datetime) -> int:
    if oldest is None:
        return math.ceil(window.total_seconds())
    return max(1, math.ceil((oldest + window - now).total_seconds()))

"""What this service knows of users: role and state (from auth's and profiles' events) and the
user's own setting, whether commenting follows the thread."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from subgraphs.subscriptions.models import User


async def upsert_user(session: AsyncSession, user_id: uuid.UUID, **values: object) -> None:
    """Create or update the row; None values leave a column as it is."""
    changes = {k: v for k, v in values.items() if v is not None}
    changes["updated_at"] = dt.datetime.now(dt.UTC)
    await session.execute(
        insert(User)
        .values(user_id=user_id, follow_commented_threads=True, **changes)
        .on_conflict_do_update(index_elements=["user_id"], set_=changes)
    )

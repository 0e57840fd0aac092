"""The in-app inbox: a user's notifications newest first, the unread count, marking read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence

from sqlalchemy import func, select, update

from common.db import Database
from common.errors import BadUserInput
from common.live import Live
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from subgraphs.notifications.models import InboxItem

MAX_IDS = 100


def parse_ids(ids: Sequence[str], *, field: str = "ids") -> list[uuid.UUID]:
    if len(ids) > MAX_IDS:
        raise BadUserInput(f"at most {MAX_IDS} ids at once", argument=field)
    try:
        return [uuid.UUID(str(value)) for value in ids]
    except ValueError:
        raise BadUserInput("not a notification id", argument=field) from None


def inbox_channel(user_id: uuid.UUID | str) -> str:
    """The live channel of one user's inbox changes (common.live): ``{"kind": "added",
    "id": ...}`` when an item arrives, ``{"kind": "read"}`` when items are marked read."""
    return f"notifications:inbox:{user_id}"


class Inbox:
    def __init__(self, db: Database, live: Live | None = None) -> None:
        self.db = db
        self.live = live

    async def get(self, *, user_id: uuid.UUID, item_id: str) -> InboxItem | None:
        """One of the user's items (None for another user's, or an unknown id)."""
        try:
            key = uuid.UUID(item_id)
        except ValueError:
            return None
        async with self.db.session() as session:
            item = await session.get(InboxItem, key)
        return item if item is not None and item.recipient_id == user_id else None

    async def changes(self, *, user_id: uuid.UUID) -> AsyncIterator[dict[str, str]]:
        """The user's inbox changes from now on (see ``inbox_channel``)."""
        if self.live is None:
            raise BadUserInput("Live notifications are not enabled")
        async for message in self.live.listen(inbox_channel(user_id)):
            yield {str(k): str(v) for k, v in message.items()}

    async def list(
        self,
        *,
        user_id: uuid.UUID,
        first: int | None,
        after: str | None,
        unread_only: bool,
    ) -> Page[InboxItem]:
        size = page_size(first)
        query = select(InboxItem).where(InboxItem.recipient_id == user_id)
        if unread_only:
            query = query.where(InboxItem.read_at.is_(None))
        if after is not None:
            (last,) = decode_cursor(after, 1)
            try:
                query = query.where(InboxItem.id < uuid.UUID(str(last)))
            except ValueError:
                raise BadUserInput("Invalid cursor", argument="after") from None
        async with self.db.session() as session:
            rows = list(await session.scalars(query.order_by(InboxItem.id.desc()).limit(size + 1)))
        return Page.from_rows([(encode_cursor(str(row.id)), row) for row in rows], size)

    async def unread_count(self, *, user_id: uuid.UUID) -> int:
        async with self.db.session() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(InboxItem)
                .where(InboxItem.recipient_id == user_id, InboxItem.read_at.is_(None))
            )
        return int(count or 0)

    async def mark_read(self, *, user_id: uuid.UUID, ids: Sequence[uuid.UUID] | None) -> int:
        """Mark the viewer's own items read (all unread ones when `ids` is None); returns how
        many changed. Ids of other users' items are ignored."""
        query = update(InboxItem).where(
            InboxItem.recipient_id == user_id, InboxItem.read_at.is_(None)
        )
        if ids is not None:
            if not ids:
                return 0
            query = query.where(InboxItem.id.in_(ids))
        async with self.db.transaction() as session:
            result = await session.execute(query.values(read_at=dt.datetime.now(dt.UTC)))
        changed = int(result.rowcount)  # type: ignore[attr-defined]
        if changed and self.live is not None:
            await self.live.publish(inbox_channel(user_id), {"kind": "read"})
        return changed

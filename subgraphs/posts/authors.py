"""Trusted authors: the per-user flag, owned by posts, with which an OWNER lets an author
publish their own posts without a moderator (the rule otherwise: authors submit, moderators
publish)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role, Viewer
from common.db import Database
from common.logging import get_logger
from subgraphs.posts.models import TrustedAuthor
from subgraphs.posts.validation import now, parse_uuid, signed_in

log = get_logger(__name__)


async def is_trusted(s: AsyncSession, user_id: uuid.UUID) -> bool:
    return await s.get(TrustedAuthor, user_id) is not None


class Authors:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def trusted(self, user_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Those of `user_ids` that are trusted authors (one query for a batch)."""
        if not user_ids:
            return set()
        async with self.db.session() as s:
            rows = await s.scalars(
                select(TrustedAuthor.user_id).where(TrustedAuthor.user_id.in_(set(user_ids)))
            )
            return set(rows)

    async def set_trusted(self, *, viewer: Viewer | None, user_id: str, trusted: bool) -> bool:
        """OWNER only. The id is not checked against profiles: a flag on an unknown id grants
        nothing, since only a signed-in WRITER of that id can use it."""
        me = signed_in(viewer)
        me.require(Role.OWNER)
        target = parse_uuid(user_id, "userId")
        async with self.db.transaction() as s:
            if trusted:
                await s.execute(
                    insert(TrustedAuthor)
                    .values(user_id=target, granted_by=me.user_id, granted_at=now())
                    .on_conflict_do_nothing(index_elements=[TrustedAuthor.user_id])
                )
            else:
                await s.execute(delete(TrustedAuthor).where(TrustedAuthor.user_id == target))
        log.info("trusted author set", user_id=str(target), trusted=trusted, by=str(me.user_id))
        return trusted

"""The orphan collector (`python -m subgraphs.media gc`, and every GC_INTERVAL_SECONDS in the
service): removes from the bucket what nobody can use any more.

Collected:
- PENDING images past their upload deadline (plus a minute for completions in flight);
- READY avatars and covers attached nowhere, last used (or made READY) longer than
  ORPHAN_GRACE_SECONDS ago (INLINE images are referenced from posts' Markdown, which media does
  not read: they go with their owner's account);
- images marked orphaned because their post or their owner's account was deleted;
- stray raw uploads (`uploads/`) of images that are no longer PENDING (a deletion that failed).

Two steps, each safe to repeat: candidates become DELETING in one transaction (from then on
nothing can use them: UseImage answers NOT_FOUND), then their objects are deleted and they become
DELETED. An S3 failure between the steps leaves them DELETING, and the next run finishes them.
Replicas share the work through `FOR UPDATE SKIP LOCKED`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.logging import get_logger
from subgraphs.media import events
from subgraphs.media.images import ImageService
from subgraphs.media.models import (
    Attachment,
    Image,
    Purpose,
    State,
    Variant,
    image_prefix,
    upload_key,
)

log = get_logger(__name__)
BATCH = 200
PENDING_SLACK = dt.timedelta(minutes=1)


@dataclass
class Collected:
    images: int = 0
    objects: int = 0
    strays: int = 0


class Collector:
    def __init__(self, images: ImageService) -> None:
        self.images = images

    async def run(self, *, now: dt.datetime | None = None) -> Collected:
        """One full pass; returns what it removed."""
        now = now or dt.datetime.now(dt.UTC)
        result = Collected()
        while await self._mark(now):
            pass
        while True:
            done = await self._purge_batch(result)
            if not done:
                break
        result.strays = await self._sweep_uploads()
        if result.images or result.strays:
            log.info("orphans collected", **result.__dict__)
        return result

    async def _mark(self, now: dt.datetime) -> int:
        grace = dt.timedelta(seconds=self.images.settings.orphan_grace_seconds)
        attached = select(Attachment.image_id).where(Attachment.image_id == Image.id).exists()
        async with self.images.db.transaction() as session:
            rows = (
                await session.scalars(
                    select(Image)
                    .where(
                        or_(
                            and_(
                                Image.state == State.PENDING,
                                Image.expires_at < now - PENDING_SLACK,
                            ),
                            and_(
                                Image.state == State.READY,
                                Image.purpose != Purpose.INLINE,
                                ~attached,
                                func.coalesce(Image.used_at, Image.ready_at) < now - grace,
                            ),
                            and_(
                                Image.orphaned_at.is_not(None),
                                Image.state.in_([State.PENDING, State.READY, State.REJECTED]),
                            ),
                        )
                    )
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for image in rows:
                image.state = State.DELETING.value
                image.updated_at = now
                await session.flush()
                await self.images.publish_event(
                    session, events.IMAGE_DELETED, events.deleted_payload(image)
                )
            return len(rows)

    async def _purge_batch(self, result: Collected) -> int:
        async with self.images.db.transaction() as session:
            rows = (
                await session.scalars(
                    select(Image)
                    .where(Image.state == State.DELETING)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for image in rows:
                result.objects += await self._delete_objects(image.id, image.owner_id)
                await self._forget(session, image)
                result.images += 1
            return len(rows)

    async def _delete_objects(self, image_id: uuid.UUID, owner_id: uuid.UUID) -> int:
        storage = self.images.storage
        removed = await storage.delete_prefix(image_prefix(image_id))
        await storage.delete([upload_key(owner_id, image_id)])
        return removed

    @staticmethod
    async def _forget(session: AsyncSession, image: Image) -> None:
        await session.execute(delete(Variant).where(Variant.image_id == image.id))
        await session.execute(delete(Attachment).where(Attachment.image_id == image.id))
        image.state = State.DELETED.value
        image.placeholder = None
        image.updated_at = dt.datetime.now(dt.UTC)

    async def _sweep_uploads(self) -> int:
        """Raw uploads whose image is no longer PENDING (or unknown) are deleted."""
        storage = self.images.storage
        strays: list[str] = []
        batch: dict[uuid.UUID, str] = {}

        async def check() -> None:
            found = await self.images.get_many(list(batch))
            for image_id, key in batch.items():
                image = found.get(image_id)
                if image is None or image.state != State.PENDING:
                    strays.append(key)
            batch.clear()

        async for item in storage.list("uploads/"):
            try:
                image_id = uuid.UUID(item.key.rsplit("/", 1)[-1])
            except ValueError:
                strays.append(item.key)
                continue
            batch[image_id] = item.key
            if len(batch) >= BATCH:
                await check()
        if batch:
            await check()
        await storage.delete(strays)
        return len(strays)

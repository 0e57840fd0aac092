"""Images: the upload flow (createImageUpload -> the browser's POST to S3 ->
completeImageUpload), reads, and their use by the services that own posts and profiles.

Completion does its S3 work before it commits, in an order that never loses an upload:
- accepted: the clean original is written, the row becomes PROCESSING with an ImageUploaded
  event, and only then is the raw upload deleted (a leftover is swept by the collector);
- rejected: the raw upload is deleted first, then the row becomes REJECTED, so a rejected image
  never leaves anything in the bucket;
- S3 unreachable: UNAVAILABLE, the row stays PENDING and the upload stays where it is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Viewer
from common.db import Database
from common.errors import BadUserInput, Forbidden, NotFound
from common.ids import new_id
from common.logging import get_logger
from common.outbox import add_event
from subgraphs.media import events, imaging
from subgraphs.media.imaging import Rejected, RejectReason
from subgraphs.media.models import (
    ALT_MAX,
    MIME_TYPES,
    Attachment,
    Format,
    Image,
    Purpose,
    State,
    Variant,
    original_key,
    outbox,
    upload_key,
)
from subgraphs.media.quotas import check_quota
from subgraphs.media.settings import Settings
from subgraphs.media.storage import PresignedPost, Storage, TooLarge

log = get_logger(__name__)
T = TypeVar("T")

ACCEPTED_TYPES = frozenset(MIME_TYPES.values())
#: Variants and originals never change under their key: cache them for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
BATCH_MAX = 1000
#: Which purposes may fill a slot: avatars have their own (small) variants.
SLOT_PURPOSES = {
    Purpose.AVATAR: {Purpose.AVATAR},
    Purpose.COVER: {Purpose.COVER},
    Purpose.INLINE: {Purpose.INLINE, Purpose.COVER},
}


def parse_image_id(value: str, *, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise BadUserInput(f"{field} is not a valid image id", field=field) from None


def validate_alt(alt: str | None) -> str | None:
    if alt is None or not alt.strip():
        return None
    if len(alt) > ALT_MAX:
        raise BadUserInput(f"alt is at most {ALT_MAX} characters", field="alt")
    return alt.strip()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Upload:
    image: Image
    post: PresignedPost


class ImageService:
    def __init__(self, db: Database, storage: Storage, settings: Settings, pool: Executor) -> None:
        self.db = db
        self.storage = storage
        self.settings = settings
        self.pool = pool

    async def run(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        """Blocking image work on the pool, off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, lambda: work(*args, **kwargs))

    # -- reads -----------------------------------------------------------------------------

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Image]:
        wanted = list(dict.fromkeys(ids))
        if len(wanted) > BATCH_MAX:
            raise BadUserInput(f"At most {BATCH_MAX} ids per batch", field="ids")
        if not wanted:
            return {}
        async with self.db.session() as session:
            rows = await session.scalars(select(Image).where(Image.id.in_(wanted)))
            return {image.id: image for image in rows}

    async def variants_of(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Variant]]:
        """Each image's variants, smallest first (WebP before the fallback format)."""
        found: dict[uuid.UUID, list[Variant]] = {i: [] for i in ids}
        if not found:
            return found
        async with self.db.session() as session:
            rows = await session.scalars(
                select(Variant)
                .where(Variant.image_id.in_(list(found)))
                .order_by(Variant.image_id, Variant.width, Variant.format.desc())
            )
            for variant in rows:
                found[variant.image_id].append(variant)
        return found

    async def require_own(self, viewer: Viewer, image_id: uuid.UUID) -> Image:
        async with self.db.session() as session:
            image = await session.get(Image, image_id)
        if image is None or image.state in (State.DELETING, State.DELETED):
            raise NotFound("No such image", id=str(image_id))
        if image.owner_id != viewer.user_id:
            raise Forbidden("This image is not yours")
        return image

    # -- the upload flow -------------------------------------------------------------------

    async def create_upload(
        self,
        *,
        viewer: Viewer,
        purpose: Purpose,
        content_type: str,
        size: int,
        alt: str | None = None,
    ) -> Upload:
        """A PENDING image and the presigned POST that uploads its file."""
        content_type = content_type.strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise BadUserInput(
                f"contentType must be one of {', '.join(sorted(ACCEPTED_TYPES))}",
                field="contentType",
            )
        limit = self.settings.upload_max_bytes
        if size < 1 or size > limit:
            raise BadUserInput(f"size must be 1 to {limit} bytes", field="size")
        alt = validate_alt(alt)
        now = _now()
        image = Image(
            id=new_id(),
            owner_id=viewer.user_id,
            purpose=purpose.value,
            state=State.PENDING.value,
            declared_type=content_type,
            declared_size=size,
            alt=alt,
            created_at=now,
            updated_at=now,
            expires_at=now + dt.timedelta(seconds=self.settings.upload_url_seconds),
        )
        async with self.db.transaction() as session:
            await check_quota(session, viewer=viewer, size=size, now=now, settings=self.settings)
            session.add(image)
        post = await self.storage.presigned_post(
            upload_key(image.owner_id, image.id),
            content_type=content_type,
            max_bytes=size,
            expires_in=self.settings.upload_url_seconds,
        )
        return Upload(image=image, post=post)

    async def complete(self, *, viewer: Viewer, image_id: uuid.UUID) -> Image:
        """Verify the uploaded file; the image ends PROCESSING or REJECTED (idempotent)."""
        image = await self.require_own(viewer, image_id)
        if image.state != State.PENDING:
            return image
        key = upload_key(image.owner_id, image.id)
        size = await self.storage.size(key)
        if size is None:
            raise BadUserInput(
                "Nothing was uploaded for this image yet", field="id", reason="NOT_UPLOADED"
            )
        try:
            if size > min(image.declared_size, self.settings.upload_max_bytes):
                raise Rejected(RejectReason.TOO_LARGE, f"{size} bytes")
            data = await self.storage.get(key, max_bytes=image.declared_size)
            if data is None:
                raise BadUserInput("Nothing was uploaded for this image yet", field="id")
            verified = await self.run(
                imaging.verify, data, max_pixels=self.settings.image_max_pixels
            )
        except TooLarge:
            return await self._reject(image, RejectReason.TOO_LARGE)
        except Rejected as rejected:
            log.info("upload rejected", image_id=str(image.id), reason=str(rejected))
            return await self._reject(image, rejected.reason)
        return await self._accept(image, verified)

    async def _accept(self, image: Image, verified: imaging.Verified) -> Image:
        await self.storage.put(
            original_key(image.id, verified.format),
            verified.data,
            content_type=MIME_TYPES[verified.format],
            cache_control=IMMUTABLE,
        )
        async with self.db.transaction() as session:
            row = await session.get(Image, image.id, with_for_update=True)
            if row is None:
                raise NotFound("No such image", id=str(image.id))
            if row.state == State.PENDING:
                row.state = State.PROCESSING.value
                row.format = verified.format.value
                row.width = verified.width
                row.height = verified.height
                row.bytes = len(verified.data)
                row.updated_at = _now()
                await session.flush()
                await self.publish_event(session, events.IMAGE_UPLOADED, events.image_payload(row))
        # Only now that the row says PROCESSING may the raw upload go (a failure leaves a
        # leftover that the collector sweeps, never a lost image).
        try:
            await self.storage.delete([upload_key(row.owner_id, row.id)])
        except Exception as exc:
            log.warning("raw upload not deleted", image_id=str(row.id), error=repr(exc))
        return row

    async def _reject(self, image: Image, reason: RejectReason) -> Image:
        await self.storage.delete([upload_key(image.owner_id, image.id)])
        async with self.db.transaction() as session:
            row = await session.get(Image, image.id, with_for_update=True)
            if row is None:
                raise NotFound("No such image", id=str(image.id))
            if row.state == State.PENDING:
                row.state = State.REJECTED.value
                row.reject_reason = reason.value
                row.updated_at = _now()
                await session.flush()
                await self.publish_event(
                    session, events.IMAGE_REJECTED, events.rejected_payload(row)
                )
        return row

    async def set_alt(self, *, viewer: Viewer, image_id: uuid.UUID, alt: str | None) -> Image:
        await self.require_own(viewer, image_id)
        async with self.db.transaction() as session:
            row = await session.get(Image, image_id, with_for_update=True)
            assert row is not None
            row.alt = validate_alt(alt)
            row.updated_at = _now()
        return row

    # -- use by other services (gRPC) ------------------------------------------------------

    async def use(
        self, *, image_id: uuid.UUID, user_id: uuid.UUID, slot: Purpose, subject: str
    ) -> Image:
        """`user_id` puts their READY image in `slot` of `subject` (`post:<id>`, `user:<id>`):
        FORBIDDEN unless it is theirs and READY; an AVATAR or COVER slot holds one image, so
        the one it held before is released (the collector takes it after the grace period)."""
        if not subject or len(subject) > 80:
            raise BadUserInput("subject is required (at most 80 characters)", field="subject")
        now = _now()
        async with self.db.transaction() as session:
            image = await session.get(Image, image_id, with_for_update=True)
            if image is None or image.state in (State.DELETING, State.DELETED):
                raise NotFound("No such image", id=str(image_id))
            if image.owner_id != user_id:
                raise Forbidden("This image is not yours")
            if image.state != State.READY:
                raise Forbidden(f"This image is not ready (it is {image.state})")
            if Purpose(image.purpose) not in SLOT_PURPOSES[slot]:
                raise BadUserInput(
                    f"A {image.purpose} image cannot be used as {slot.value}", field="imageId"
                )
            if slot is not Purpose.INLINE:
                await session.execute(
                    delete(Attachment).where(
                        Attachment.subject == subject,
                        Attachment.slot == slot.value,
                        Attachment.image_id != image_id,
                    )
                )
            await session.execute(
                insert(Attachment)
                .values(subject=subject, slot=slot.value, image_id=image_id, created_at=now)
                .on_conflict_do_nothing()
            )
            image.used_at = now
            image.orphaned_at = None
        return image

    async def release(self, *, subject: str, slot: Purpose | None = None) -> int:
        """Free what `subject` holds (in `slot`, or every slot): images left unattached wait
        out the grace period."""
        async with self.db.transaction() as session:
            stmt = delete(Attachment).where(Attachment.subject == subject)
            if slot is not None:
                stmt = stmt.where(Attachment.slot == slot.value)
            result = await session.execute(stmt.returning(Attachment.image_id))
            return len(result.all())

    async def orphan_subject(self, session: AsyncSession, subject: str) -> None:
        """What `subject` held is collected at the next run (its post or account is gone),
        unless another subject still uses it."""
        released = (
            (
                await session.execute(
                    delete(Attachment)
                    .where(Attachment.subject == subject)
                    .returning(Attachment.image_id)
                )
            )
            .scalars()
            .all()
        )
        if not released:
            return
        still_used = select(Attachment.image_id).where(Attachment.image_id.in_(released))
        await session.execute(
            update(Image)
            .where(Image.id.in_(released), Image.id.not_in(still_used))
            .values(orphaned_at=_now())
        )

    async def orphan_owner(self, session: AsyncSession, owner_id: uuid.UUID) -> None:
        """Every image of a deleted account is collected at the next run."""
        await session.execute(
            delete(Attachment).where(
                Attachment.image_id.in_(select(Image.id).where(Image.owner_id == owner_id))
            )
        )
        await session.execute(
            update(Image)
            .where(Image.owner_id == owner_id, Image.orphaned_at.is_(None))
            .values(orphaned_at=_now())
        )

    @staticmethod
    async def publish_event(session: AsyncSession, type: str, payload: dict[str, object]) -> None:
        await add_event(
            session,
            outbox,
            topic=events.IMAGE_TOPIC,
            key=str(payload["image_id"]),
            type=type,
            payload=dict(payload),
        )

    # -- URLs ------------------------------------------------------------------------------

    async def variant_url(self, variant: Variant) -> str:
        return await self.storage.url(variant.key)


__all__ = ["Format", "ImageService", "Upload", "parse_image_id"]

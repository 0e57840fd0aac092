"""The variant worker: for an ImageUploaded event, read the verified original back, write every
responsive variant and the placeholder, then mark the image READY (with an ImageReady event).

Idempotent without a processed-events table: only a PROCESSING image is worked on, the object
keys are deterministic (a replay overwrites the same objects with the same bytes), variant rows
are keyed by (image, width, format) and written once, in the transaction that makes the image
READY. A crash anywhere before that commit leaves the image PROCESSING and the event
uncommitted, so the redelivered event starts it again and ends the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from sqlalchemy.dialects.postgresql import insert

from common.contracts.media import IMAGE
from common.contracts.posts import POST
from common.contracts.profiles import USER
from common.events import Event, PoisonMessage
from common.logging import get_logger
from subgraphs.media import events, imaging
from subgraphs.media.images import IMMUTABLE, ImageService
from subgraphs.media.models import (
    MIME_TYPES,
    Format,
    Image,
    Purpose,
    State,
    Variant,
    original_key,
    variant_key,
)

log = get_logger(__name__)
#: Variants uploaded at once (each is a PUT of at most a few hundred KB).
PUT_CONCURRENCY = 4


class VariantWorker:
    def __init__(self, images: ImageService) -> None:
        self.images = images

    def widths(self, purpose: str) -> list[int]:
        s = self.images.settings
        return s.avatar_variant_widths if purpose == Purpose.AVATAR else s.variant_widths

    async def process(self, image_id: uuid.UUID) -> bool:
        """Write the variants of a PROCESSING image; False when there was nothing to do."""
        images = self.images
        async with images.db.session() as session:
            image = await session.get(Image, image_id)
        if image is None or image.state != State.PROCESSING or image.format is None:
            return False
        fmt = Format(image.format)
        original = await images.storage.get(
            original_key(image.id, fmt), max_bytes=images.settings.upload_max_bytes * 4
        )
        if original is None:
            raise PoisonMessage(f"image {image_id} is PROCESSING but its original is missing")
        made = await images.run(
            imaging.variants,
            original,
            fmt,
            self.widths(image.purpose),
            library=images.settings.image_library,
        )
        rows = [
            Variant(
                image_id=image.id,
                width=v.width,
                format=v.format.value,
                height=v.height,
                bytes=len(v.data),
                key=variant_key(image.id, v.width, v.format),
            )
            for v in made.images
        ]
        gate = asyncio.Semaphore(PUT_CONCURRENCY)

        async def put(variant: imaging.Encoded, key: str) -> None:
            async with gate:
                await images.storage.put(
                    key,
                    variant.data,
                    content_type=MIME_TYPES[variant.format],
                    cache_control=IMMUTABLE,
                )

        async with asyncio.TaskGroup() as group:
            for variant, row in zip(made.images, rows, strict=True):
                group.create_task(put(variant, row.key))
        async with images.db.transaction() as session:
            current = await session.get(Image, image.id, with_for_update=True)
            if current is None or current.state != State.PROCESSING:
                return False
            await session.execute(
                insert(Variant)
                .values(
                    [
                        {
                            "image_id": r.image_id,
                            "width": r.width,
                            "format": r.format,
                            "height": r.height,
                            "bytes": r.bytes,
                            "key": r.key,
                        }
                        for r in rows
                    ]
                )
                .on_conflict_do_nothing()
            )
            now = dt.datetime.now(dt.UTC)
            current.state = State.READY.value
            current.placeholder = made.placeholder
            current.ready_at = now
            current.updated_at = now
            await session.flush()
            await images.publish_event(
                session, events.IMAGE_READY, events.ready_payload(current, rows)
            )
        log.info("image ready", image_id=str(image.id), variants=len(rows))
        return True


class MediaHandler:
    """The EventConsumer handler: dispatches on topic and type."""

    def __init__(self, worker: VariantWorker) -> None:
        self.worker = worker
        self.images = worker.images

    async def __call__(self, event: Event) -> None:
        if event.topic == events.IMAGE_TOPIC:
            if event.type == events.IMAGE_UPLOADED:
                payload = IMAGE.parse(event.payload)
                await self.worker.process(payload.image_id)
        elif event.topic == events.POST_TOPIC:
            if event.type == events.POST_DELETED:
                post = POST.parse(event.payload)
                async with self.images.db.transaction() as session:
                    await self.images.orphan_subject(session, f"post:{post.post_id}")
        elif event.topic == events.PROFILE_TOPIC and event.type == events.PROFILE_DELETED:
            profile = USER.parse(event.payload)
            async with self.images.db.transaction() as session:
                await self.images.orphan_owner(session, profile.user_id)

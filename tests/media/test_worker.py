"""The variant worker is idempotent: a replayed ImageUploaded event, or one redelivered after a
crash between writing the objects and committing, ends with the same variants and objects."""

from __future__ import annotations

import uuid

import orjson
from aiokafka import AIOKafkaProducer
from sqlalchemy import delete, func, select, update

from common.auth import Role
from common.outbox import envelope
from subgraphs.media.events import IMAGE_TOPIC, IMAGE_UPLOADED
from subgraphs.media.models import Image, State, Variant, outbox
from tests.media import images
from tests.media.support import MediaUnderTest


async def _variant_rows(media: MediaUnderTest, image_id: str) -> int:
    async with media.media.db.session() as session:
        count = await session.scalar(
            select(func.count()).where(Variant.image_id == uuid.UUID(image_id))
        )
    return int(count or 0)


async def _crash_before_commit(media: MediaUnderTest, image_id: str) -> None:
    """What a worker that died after its S3 puts but before its commit leaves behind."""
    async with media.media.db.transaction() as session:
        await session.execute(delete(Variant).where(Variant.image_id == uuid.UUID(image_id)))
        await session.execute(
            update(Image)
            .where(Image.id == uuid.UUID(image_id))
            .values(state=State.PROCESSING.value, placeholder=None, ready_at=None)
        )


async def test_a_replayed_completion_event_makes_no_duplicate_variants(
    media: MediaUnderTest,
) -> None:
    writer = media.user(Role.WRITER)
    completed = await media.upload(writer, images.jpeg_with_gps(1400, 1000))
    ready = await media.wait_ready(completed["id"], writer)
    objects = sorted(await media.keys_of(completed["id"], writer))
    rows = await _variant_rows(media, completed["id"])
    assert rows == len(ready["variants"]) == len(objects) - 1

    # the event is delivered again (same id) while the image is READY: nothing happens
    async with media.media.db.session() as session:
        event = (
            await session.execute(
                select(outbox).where(
                    outbox.c.type == IMAGE_UPLOADED, outbox.c.key == completed["id"]
                )
            )
        ).one()
    assert not await media.media.worker.process(uuid.UUID(completed["id"]))

    # ... and after a crash mid-way the redelivered event finishes the job, the same way
    await _crash_before_commit(media, completed["id"])
    producer = AIOKafkaProducer(bootstrap_servers=media.broker.bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(
            IMAGE_TOPIC, orjson.dumps(envelope(event)), key=completed["id"].encode()
        )
    finally:
        await producer.stop()
    again = await media.wait_ready(completed["id"], writer)
    assert sorted(await media.keys_of(completed["id"], writer)) == objects
    assert await _variant_rows(media, completed["id"]) == rows
    assert again["variants"] == ready["variants"]

"""The orphan collector removes from the bucket what nobody can use, and only that."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer

from common.auth import Role
from common.contracts.posts import POST, PostCard, State
from common.grpc import client_channel
from protos.indefinite.media.v1 import media_pb2, media_pb2_grpc
from subgraphs.media.events import POST_TOPIC, PROFILE_TOPIC
from subgraphs.media.models import Image
from tests.media import images
from tests.media.support import MediaUnderTest


def _later(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


async def _state(media: MediaUnderTest, image_id: str) -> str:
    async with media.media.db.session() as session:
        image = await session.get(Image, uuid.UUID(image_id))
    assert image is not None
    return image.state


async def _use(media: MediaUnderTest, image_id: str, user_id: uuid.UUID, subject: str) -> None:
    async with client_channel(media.service.grpc_target) as channel:
        stub: Any = media_pb2_grpc.MediaServiceStub(channel)  # type: ignore[no-untyped-call]
        await stub.UseImage(
            media_pb2.UseImageRequest(
                image_id=image_id, user_id=str(user_id), slot=media_pb2.COVER, subject=subject
            )
        )


async def _publish(
    media: MediaUnderTest, topic: str, type: str, key: str, payload: dict[str, Any]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=media.broker.bootstrap)
    await producer.start()
    try:
        envelope = {
            "id": str(uuid.uuid4()),
            "type": type,
            "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
            "track_id": None,
            "payload": payload,
        }
        await producer.send_and_wait(topic, orjson.dumps(envelope), key=key.encode())
    finally:
        await producer.stop()


async def test_expired_pending_and_unattached_ready_images_are_collected(
    media: MediaUnderTest,
) -> None:
    writer = media.user(Role.WRITER)
    never_completed = await media.create(writer, size=len(images.png(300, 200)))
    await media.post_file(
        never_completed, images.png(300, 200), filename="a.png", content_type="image/png"
    )
    unattached = await media.upload(writer, images.png(500, 300), content_type="image/png")
    attached = await media.upload(writer, images.png(500, 300), content_type="image/png")
    for image in (unattached, attached):
        await media.wait_ready(image["id"], writer)
    await _use(media, attached["id"], writer.id, "post:kept")
    pending_id = never_completed["image"]["id"]
    assert await media.keys_of(pending_id, writer)

    # Before the deadlines nothing goes
    await media.media.collector.run()
    for image_id in (pending_id, unattached["id"], attached["id"]):
        assert await _state(media, image_id) in ("PENDING", "READY")

    grace = media.settings.orphan_grace_seconds
    result = await media.media.collector.run(now=_later(grace + 120))
    assert result.images >= 2
    assert await _state(media, pending_id) == "DELETED"
    assert await _state(media, unattached["id"]) == "DELETED"
    assert await media.keys_of(pending_id, writer) == []
    assert await media.keys_of(unattached["id"], writer) == []
    assert await media.image(unattached["id"]) is None
    # the attached one stays, objects and all
    assert await _state(media, attached["id"]) == "READY"
    assert len(await media.keys_of(attached["id"], writer)) > 1


async def test_images_of_deleted_posts_and_accounts_are_collected(media: MediaUnderTest) -> None:
    writer, leaver = media.user(Role.WRITER), media.user(Role.WRITER)
    cover = await media.upload(writer, images.png(400, 300), content_type="image/png")
    avatar = await media.upload(
        leaver, images.png(300, 300), content_type="image/png", purpose="AVATAR"
    )
    await media.wait_ready(cover["id"], writer)
    await media.wait_ready(avatar["id"], leaver)
    post_id = str(uuid.uuid4())
    await _use(media, cover["id"], writer.id, f"post:{post_id}")

    now = dt.datetime.now(dt.UTC)
    deleted = POST.dump(
        PostCard(
            post_id=uuid.UUID(post_id),
            author_id=writer.id,
            topic="Gone",
            slug="gone",
            preview_text="",
            state=State.DELETED,
            tag_ids=[],
            tags=[],
            created_at=now,
            published_at=None,
            updated_at=now,
            previous_state=State.PUBLISHED,
        )
    )
    await _publish(media, POST_TOPIC, "PostDeleted", post_id, deleted)
    await _publish(
        media, PROFILE_TOPIC, "ProfileDeleted", str(leaver.id), {"user_id": str(leaver.id)}
    )
    async with media.media.db.session() as session:
        for _ in range(300):
            rows = [
                await session.get(Image, uuid.UUID(i), populate_existing=True)
                for i in (cover["id"], avatar["id"])
            ]
            if all(r is not None and r.orphaned_at is not None for r in rows):
                break
            await session.rollback()
            await asyncio.sleep(0.1)
    await media.media.collector.run()
    assert await _state(media, cover["id"]) == "DELETED"
    assert await _state(media, avatar["id"]) == "DELETED"
    assert await media.keys_of(cover["id"], writer) == []
    assert await media.keys_of(avatar["id"], leaver) == []


async def test_stray_raw_uploads_are_swept(media: MediaUnderTest) -> None:
    writer = media.user(Role.WRITER)
    completed = await media.upload(writer, images.png(300, 200), content_type="image/png")
    stray = f"uploads/{writer.id}/{completed['id']}"
    unknown = f"uploads/{writer.id}/{uuid.uuid4()}"
    for key in (stray, unknown):
        await media.media.storage.put(
            key, b"leftover", content_type="image/png", cache_control="no-store"
        )
    pending = await media.create(writer, size=10)
    await media.post_file(pending, b"0123456789", filename="p.png", content_type="image/png")
    await media.media.collector.run()
    remaining = await media.keys_under(f"uploads/{writer.id}/")
    assert remaining == [f"uploads/{writer.id}/{pending['image']['id']}"]

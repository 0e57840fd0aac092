"""What posts and profiles call: UseImage over gRPC (the image must be the caller's and READY),
and the quotas of createImageUpload."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from common.auth import Role
from common.grpc import client_channel
from protos.indefinite.media.v1 import media_pb2, media_pb2_grpc
from tests.media import images
from tests.media.support import MediaUnderTest


@pytest.fixture
async def stub(media: MediaUnderTest) -> AsyncIterator[Any]:
    async with client_channel(media.service.grpc_target) as channel:
        yield media_pb2_grpc.MediaServiceStub(channel)  # type: ignore[no-untyped-call]


async def test_a_ready_image_of_the_caller_can_be_used_once_per_slot(
    media: MediaUnderTest, stub: Any
) -> None:
    writer = media.user(Role.WRITER)
    cover = await media.upload(writer, images.png(900, 500), content_type="image/png")
    await media.wait_ready(cover["id"], writer)
    request = media_pb2.UseImageRequest(
        image_id=cover["id"], user_id=str(writer.id), slot=media_pb2.COVER, subject="post:p1"
    )
    used = await stub.UseImage(request)
    assert used.image_id == cover["id"]
    assert used.placeholder.startswith("data:image/webp")
    assert (await stub.UseImage(request)).image_id == cover["id"]  # idempotent


async def test_someone_elses_or_an_unready_image_is_forbidden(
    media: MediaUnderTest, stub: Any
) -> None:
    writer, thief = media.user(Role.WRITER), media.user(Role.WRITER)
    cover = await media.upload(writer, images.png(400, 300), content_type="image/png")
    await media.wait_ready(cover["id"], writer)
    with pytest.raises(grpc.aio.AioRpcError) as stolen:
        await stub.UseImage(
            media_pb2.UseImageRequest(
                image_id=cover["id"], user_id=str(thief.id), slot=media_pb2.COVER, subject="post:x"
            )
        )
    assert stolen.value.code() is grpc.StatusCode.PERMISSION_DENIED
    pending = await media.create(writer, size=100)
    with pytest.raises(grpc.aio.AioRpcError) as unready:
        await stub.UseImage(
            media_pb2.UseImageRequest(
                image_id=pending["image"]["id"],
                user_id=str(writer.id),
                slot=media_pb2.COVER,
                subject="post:y",
            )
        )
    assert unready.value.code() is grpc.StatusCode.PERMISSION_DENIED
    avatar_slot = media_pb2.UseImageRequest(
        image_id=cover["id"], user_id=str(writer.id), slot=media_pb2.AVATAR, subject="user:z"
    )
    with pytest.raises(grpc.aio.AioRpcError) as wrong_slot:
        await stub.UseImage(avatar_slot)
    assert wrong_slot.value.code() is grpc.StatusCode.INVALID_ARGUMENT


async def test_past_the_daily_quota_uploads_are_rate_limited(media: MediaUnderTest) -> None:
    reader = media.user(Role.READER)
    limit = media.settings.uploads_per_day["READER"]
    for _ in range(limit):
        await media.create(reader, size=1000, purpose="AVATAR")
    body = await media.gql(
        'mutation { createImageUpload(purpose: AVATAR, contentType: "image/png", size: 1000)'
        " { url } }",
        user=reader,
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "RATE_LIMITED", body
    assert 0 < error["extensions"]["retryAfter"] <= 86_400
    # someone else is not affected
    await media.create(media.user(Role.READER), size=1000, purpose="AVATAR")

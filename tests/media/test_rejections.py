"""Every bad upload ends REJECTED with a reason code (or is refused up front with
BAD_USER_INPUT) and leaves nothing in the bucket."""

from __future__ import annotations

import pytest

from common.auth import Role
from tests.media import images
from tests.media.support import COMPLETE, MediaUnderTest


@pytest.mark.parametrize(
    ("name", "make", "content_type", "reason"),
    [
        (
            "text",
            lambda: b"just some text, not a picture\n" * 20,
            "image/jpeg",
            "UNSUPPORTED_FORMAT",
        ),
        ("truncated", images.truncated_jpeg, "image/jpeg", "CORRUPT"),
        ("bomb", images.png_bomb, "image/png", "TOO_MANY_PIXELS"),
    ],
)
async def test_bad_files_are_rejected_and_removed(
    media: MediaUnderTest, name: str, make: object, content_type: str, reason: str
) -> None:
    writer = media.user(Role.WRITER)
    assert callable(make)
    data: bytes = make()
    completed = await media.upload(writer, data, filename=f"{name}.jpg", content_type=content_type)
    assert completed["state"] == "REJECTED", completed
    assert completed["rejectReason"] == reason
    assert completed["variants"] == []
    assert await media.keys_of(completed["id"], writer) == []


async def test_a_file_larger_than_declared_is_rejected_too_large(media: MediaUnderTest) -> None:
    """moto does not enforce the policy's content-length-range (AWS does): the service does."""
    writer = media.user(Role.WRITER)
    data = images.png(600, 400)
    completed = await media.upload(writer, data, content_type="image/png", declared_size=100)
    assert completed["state"] == "REJECTED"
    assert completed["rejectReason"] == "TOO_LARGE"
    assert await media.keys_of(completed["id"], writer) == []


async def test_oversize_and_non_images_are_refused_before_any_upload(media: MediaUnderTest) -> None:
    writer = media.user(Role.WRITER)
    too_big = media.settings.upload_max_bytes + 1
    for variables, field in (
        ({"purpose": "COVER", "contentType": "image/jpeg", "size": too_big}, "size"),
        ({"purpose": "COVER", "contentType": "text/plain", "size": 10}, "contentType"),
        ({"purpose": "COVER", "contentType": "image/jpeg", "size": 0}, "size"),
    ):
        body = await media.gql(
            "mutation($purpose: ImagePurpose!, $contentType: String!, $size: Int!) {"
            " createImageUpload(purpose: $purpose, contentType: $contentType, size: $size)"
            " { url } }",
            variables,
            user=writer,
        )
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
        assert body["errors"][0]["extensions"]["field"] == field


async def test_completing_before_uploading_says_so_and_keeps_the_image_pending(
    media: MediaUnderTest,
) -> None:
    writer = media.user(Role.WRITER)
    upload = await media.create(writer, size=1000)
    body = await media.gql(COMPLETE, {"id": upload["image"]["id"]}, user=writer)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["reason"] == "NOT_UPLOADED"
    image = await media.image(upload["image"]["id"], user=writer)
    assert image is not None
    assert image["state"] == "PENDING"


async def test_only_the_owner_completes_or_sees_an_unfinished_image(media: MediaUnderTest) -> None:
    writer, other = media.user(Role.WRITER), media.user(Role.WRITER)
    upload = await media.create(writer, size=1000)
    body = await media.gql(COMPLETE, {"id": upload["image"]["id"]}, user=other)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await media.image(upload["image"]["id"], user=other) is None
    assert await media.image(upload["image"]["id"]) is None


async def test_readers_upload_avatars_but_not_covers(media: MediaUnderTest) -> None:
    reader = media.user(Role.READER)
    body = await media.gql(
        'mutation { createImageUpload(purpose: COVER, contentType: "image/png", size: 10)'
        " { url } }",
        user=reader,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    avatar = await media.upload(
        reader, images.png(300, 300), content_type="image/png", purpose="AVATAR"
    )
    ready = await media.wait_ready(avatar["id"], reader)
    assert {v["width"] for v in ready["variants"]} == {64, 128, 256, 300}

"""S3 unreachable: completion fails fast with UNAVAILABLE and changes nothing; once S3 is back
the same completion succeeds and the image becomes READY."""

from __future__ import annotations

import time

from common.auth import Role
from tests.media import images
from tests.media.support import COMPLETE, MediaUnderTest


async def test_s3_unreachable_is_unavailable_and_nothing_is_lost(media: MediaUnderTest) -> None:
    writer = media.user(Role.WRITER)
    data = images.jpeg_with_gps(800, 600)
    upload = await media.create(writer, size=len(data))
    response = await media.post_file(upload, data, filename="p.jpg", content_type="image/jpeg")
    assert response.status_code == 204
    image_id = upload["image"]["id"]

    media.s3.pause()
    try:
        started = time.monotonic()
        body = await media.gql(COMPLETE, {"id": image_id}, user=writer)
        elapsed = time.monotonic() - started
    finally:
        media.s3.resume()
    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE", body
    assert elapsed < 10, elapsed  # bounded by the S3 timeouts, not hanging
    image = await media.image(image_id, user=writer)
    assert image is not None
    assert image["state"] == "PENDING"

    done = await media.data(COMPLETE, {"id": image_id}, user=writer)
    assert done["completeImageUpload"]["state"] == "PROCESSING"
    await media.wait_ready(image_id, writer)

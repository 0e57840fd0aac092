"""The upload flow over real connections: presigned POSTs to moto's S3 server with an HTTP
client, completion, the variant worker behind tansu, variants read back from S3."""

from __future__ import annotations

import io
import uuid

import httpx
from PIL import ExifTags, Image

from common.auth import Role
from subgraphs.media.storage import Storage
from tests.media import images
from tests.media.support import COMPLETE, MediaUnderTest


async def test_a_jpeg_with_gps_becomes_ready_with_clean_upright_variants(
    media: MediaUnderTest,
) -> None:
    writer = media.user(Role.WRITER)
    original = images.jpeg_with_gps(1600, 1200)
    assert images.exif_of(original).get_ifd(ExifTags.IFD.GPSInfo)  # the fixture is what we say

    completed = await media.upload(writer, original)
    assert completed["state"] == "PROCESSING", completed
    # EXIF orientation 6: the stored pixels were 1600x1200, the upright image is 1200x1600
    assert (completed["width"], completed["height"]) == (1200, 1600)

    ready = await media.wait_ready(completed["id"], writer)
    assert ready["placeholder"].startswith("data:image/webp;base64,")
    got = {(v["width"], v["format"]) for v in ready["variants"]}
    assert got == {(w, f) for w in (320, 640, 1200) for f in ("WEBP", "JPEG")}, got
    assert ready["srcset"].count("w, ") == 2  # three WebP widths
    async with httpx.AsyncClient(trust_env=False) as anonymous:
        for variant in ready["variants"]:
            response = await anonymous.get(variant["url"])
            assert response.status_code == 200, variant
            body = response.content
            assert len(body) == variant["bytes"]
            picture = Image.open(io.BytesIO(body))
            assert picture.format == variant["format"]
            assert picture.size == (variant["width"], variant["height"])
            assert picture.height > picture.width  # upright
            exif = picture.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), variant
            assert len(exif) == 0, dict(exif)
            assert b"TestCam" not in body
    # the raw upload is gone; the original and the variants are all there is
    keys = await media.keys_of(completed["id"], writer)
    assert all(k.startswith(f"images/{completed['id']}/") for k in keys), keys
    assert len(keys) == 1 + len(ready["variants"])
    original_key = next(k for k in keys if "/original." in k)
    stored = await media.media.storage.get(original_key, max_bytes=10**8)
    assert stored is not None
    assert not images.exif_of(stored).get_ifd(ExifTags.IFD.GPSInfo)


async def test_a_png_named_jpg_is_sniffed_and_kept_as_png(media: MediaUnderTest) -> None:
    writer = media.user(Role.WRITER)
    completed = await media.upload(
        writer, images.png(700, 400, alpha=True), filename="holiday.jpg", content_type="image/jpeg"
    )
    assert completed["state"] == "PROCESSING"
    assert completed["format"] == "PNG"
    ready = await media.wait_ready(completed["id"], writer)
    got = {(v["width"], v["format"]) for v in ready["variants"]}
    assert got == {(w, f) for w in (320, 640, 700) for f in ("WEBP", "PNG")}, got


async def test_completing_twice_answers_the_same_image(media: MediaUnderTest) -> None:
    writer = media.user(Role.WRITER)
    completed = await media.upload(writer, images.png(500, 300))
    again = await media.data(COMPLETE, {"id": completed["id"]}, user=writer)
    assert again["completeImageUpload"]["id"] == completed["id"]
    assert again["completeImageUpload"]["state"] in ("PROCESSING", "READY")


async def test_without_a_public_base_urls_are_presigned_gets(media: MediaUnderTest) -> None:
    """A private bucket: readers get presigned GET URLs, which load; plain URLs do not."""
    private = Storage(media.settings.model_copy(update={"s3_public_base_url": ""}))
    await private.start()
    try:
        key = f"uploads/{uuid.uuid4()}/private-check"
        await private.put(key, b"not public", content_type="image/png", cache_control="no-store")
        url = await private.url(key)
        assert "X-Amz-Signature=" in url
        async with httpx.AsyncClient(trust_env=False) as anonymous:
            assert (await anonymous.get(url)).content == b"not public"
            unsigned = f"{media.settings.s3_endpoint_url}/{media.settings.s3_bucket}/{key}"
            assert (await anonymous.get(unsigned)).status_code == 403
        await private.delete([key])
    finally:
        await private.close()

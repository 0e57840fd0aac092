"""Through the router, on the whole platform (moto's S3 server, tansu, PostgreSQL): a writer
uploads images with presigned POSTs, every bad upload is refused with a clear code, and READY
images' variants load from the S3 server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from common.auth import Role
from tests.media import images
from tests.support.kafka import tansu
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.polling import eventually
from tests.support.s3 import moto_s3

CREATE = """
mutation Create($purpose: ImagePurpose!, $contentType: String!, $size: Int!) {
  createImageUpload(purpose: $purpose, contentType: $contentType, size: $size) {
    url fields { name value } image { id }
  }
}"""
COMPLETE = "mutation($id: ID!) { completeImageUpload(id: $id) { id state rejectReason format } }"
IMAGE = """query($id: ID!) { image(id: $id) {
  id state width height placeholder srcset url(width: 600)
  variants { url width height format }
} }"""


@pytest.fixture(scope="module")
async def platform() -> AsyncIterator[Platform]:
    async with (
        moto_s3() as s3,
        tansu() as broker,
        start_platform(s3=s3.endpoint, kafka=broker.bootstrap) as running_platform,
    ):
        yield running_platform


async def upload(
    platform: Platform,
    user: TestUser,
    data: bytes,
    *,
    content_type: str = "image/jpeg",
    purpose: str = "COVER",
    declared: int | None = None,
) -> dict[str, Any]:
    created = await platform.data(
        CREATE,
        {"purpose": purpose, "contentType": content_type, "size": declared or len(data)},
        user=user,
    )
    form = created["createImageUpload"]
    fields = {f["name"]: f["value"] for f in form["fields"]}
    posted = await platform.http.post(
        form["url"], data=fields, files={"file": ("upload.jpg", data, content_type)}
    )
    assert posted.status_code == 204, posted.text
    done = await platform.data(COMPLETE, {"id": form["image"]["id"]}, user=user)
    image: dict[str, Any] = done["completeImageUpload"]
    return image


async def ready(platform: Platform, image_id: str, user: TestUser) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        image: dict[str, Any] = (await platform.data(IMAGE, {"id": image_id}, user=user))["image"]
        return image if image["state"] == "READY" else None

    found: dict[str, Any] = await eventually(
        check, within=60, interval=0.1, what=f"image {image_id} READY"
    )
    return found


async def test_uploads_become_ready_and_load_from_s3(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    cover = await upload(platform, writer, images.jpeg_with_gps(1600, 1200))
    inline = await upload(
        platform, writer, images.png(900, 600), content_type="image/png", purpose="INLINE"
    )
    for image in (cover, inline):
        assert image["state"] == "PROCESSING", image
        shown = await ready(platform, image["id"], writer)
        assert shown["srcset"]
        assert shown["url"]
        async with httpx.AsyncClient(trust_env=False) as browser:
            for variant in shown["variants"]:
                assert (await browser.get(variant["url"])).status_code == 200
    anonymous = (await platform.data(IMAGE, {"id": cover["id"]}))["image"]
    assert anonymous["state"] == "READY"


@pytest.mark.parametrize(
    ("data", "content_type", "declared", "reason"),
    [
        (b"plain text, not an image\n" * 10, "image/jpeg", None, "UNSUPPORTED_FORMAT"),
        (images.truncated_jpeg(), "image/jpeg", None, "CORRUPT"),
        (images.png_bomb(), "image/png", None, "TOO_MANY_PIXELS"),
        (images.png(500, 400), "image/png", 50, "TOO_LARGE"),
    ],
)
async def test_bad_uploads_are_refused_with_a_code(
    platform: Platform, data: bytes, content_type: str, declared: int | None, reason: str
) -> None:
    writer = await platform.new_user(Role.WRITER)
    image = await upload(platform, writer, data, content_type=content_type, declared=declared)
    assert (image["state"], image["rejectReason"]) == ("REJECTED", reason)


async def test_oversize_and_quota_through_the_router(platform: Platform) -> None:
    reader = await platform.new_user(Role.READER)
    body = await platform.gql(
        CREATE, {"purpose": "AVATAR", "contentType": "image/png", "size": 10**9}, user=reader
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    codes = []
    for _ in range(25):
        body = await platform.gql(
            CREATE, {"purpose": "AVATAR", "contentType": "image/png", "size": 1000}, user=reader
        )
        codes.append(body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK")
    assert codes[0] == "OK"
    assert codes[-1] == "RATE_LIMITED", codes


SET_AVATAR = """mutation($id: ID) { updateProfile(input: {avatarImageId: $id}) {
  id avatar { id placeholder url(width: 128) }
} }"""


async def test_an_avatar_appears_on_the_profile_and_others_images_are_forbidden(
    platform: Platform,
) -> None:
    user, other = await platform.new_user(Role.READER), await platform.new_user(Role.READER)
    mine = await upload(
        platform, user, images.png(400, 400), content_type="image/png", purpose="AVATAR"
    )
    theirs = await upload(
        platform, other, images.png(300, 300), content_type="image/png", purpose="AVATAR"
    )
    await ready(platform, mine["id"], user)
    await ready(platform, theirs["id"], other)

    stolen = await platform.gql(SET_AVATAR, {"id": theirs["id"]}, user=user)
    assert stolen["errors"][0]["extensions"]["code"] == "FORBIDDEN", stolen

    updated = (await platform.data(SET_AVATAR, {"id": mine["id"]}, user=user))["updateProfile"]
    assert updated["avatar"]["id"] == mine["id"]
    profile = await platform.data(
        "query($id: ID!) { user(id: $id) { login avatar { placeholder url(width: 128) } } }",
        {"id": user.id},
    )
    avatar = profile["user"]["avatar"]
    assert avatar["placeholder"].startswith("data:image/webp")
    async with httpx.AsyncClient(trust_env=False) as browser:
        assert (await browser.get(avatar["url"])).status_code == 200
    cleared = (await platform.data(SET_AVATAR, {"id": None}, user=user))["updateProfile"]
    assert cleared["avatar"] is None


CREATE_POST = """mutation($input: CreatePostInput!) { createPost(input: $input) {
  id coverImage { id } } }"""
SET_STATE = (
    "mutation($id: ID!, $state: ContentState!) { setPostState(id: $id, state: $state) { id } }"
)
POST = """query($id: ID!) { post(id: $id) { text coverImage {
  placeholder srcset url(width: 1000) variants { url width format } } } }"""
FEED = """{ feed(first: 20) { edges { node { id coverImage {
  placeholder url(width: 320) } post { coverImage { id } } } } } }"""


async def test_a_post_with_a_cover_and_an_inline_image_shows_in_the_feed(
    platform: Platform,
) -> None:
    writer, other = await platform.new_user(Role.WRITER), await platform.new_user(Role.WRITER)
    cover = await upload(platform, writer, images.jpeg_with_gps(2400, 1600))
    inline = await upload(
        platform, writer, images.png(900, 600), content_type="image/png", purpose="INLINE"
    )
    theirs = await upload(platform, other, images.png(800, 500), content_type="image/png")
    inline_ready = await ready(platform, inline["id"], writer)
    await ready(platform, cover["id"], writer)
    await ready(platform, theirs["id"], other)
    text = f"An essay.\n\n![a diagram]({inline_ready['url']})\n"
    post_input = {"topic": "Pictures", "text": text, "previewText": "Pictures"}

    stolen = await platform.gql(
        CREATE_POST, {"input": {**post_input, "coverImageId": theirs["id"]}}, user=writer
    )
    assert stolen["errors"][0]["extensions"]["code"] == "FORBIDDEN", stolen

    created = await platform.data(
        CREATE_POST, {"input": {**post_input, "coverImageId": cover["id"]}}, user=writer
    )
    post_id = created["createPost"]["id"]
    assert created["createPost"]["coverImage"]["id"] == cover["id"]
    moderator = await platform.new_user(Role.MODERATOR)
    await platform.data(SET_STATE, {"id": post_id, "state": "ON_MODERATION"}, user=writer)
    await platform.data(SET_STATE, {"id": post_id, "state": "PUBLISHED"}, user=moderator)

    shown = (await platform.data(POST, {"id": post_id}))["post"]
    assert shown["coverImage"]["placeholder"].startswith("data:image/webp")
    assert {v["width"] for v in shown["coverImage"]["variants"]} == {320, 640, 1280, 1600}
    assert shown["coverImage"]["srcset"].endswith("1600w")

    async def in_feed() -> dict[str, Any] | None:
        edges = (await platform.data(FEED))["feed"]["edges"]
        return next((e["node"] for e in edges if e["node"]["id"] == post_id), None)

    card = await eventually(in_feed, within=60, interval=0.2, what=f"post {post_id} in the feed")
    assert card["coverImage"]["placeholder"] == shown["coverImage"]["placeholder"]
    assert card["post"]["coverImage"]["id"] == cover["id"]
    async with httpx.AsyncClient(trust_env=False) as browser:
        for url in (card["coverImage"]["url"], shown["coverImage"]["url"], inline_ready["url"]):
            response = await browser.get(url)
            assert response.status_code == 200, url
            assert response.headers["content-type"].startswith("image/")


UPDATE_COVER = """mutation($id: ID!, $cover: ID) {
  updatePost(id: $id, input: {coverImageId: $cover}) { id coverImage { id } } }"""


async def test_a_cover_is_replaced_or_removed_by_its_author_only(platform: Platform) -> None:
    writer, other = await platform.new_user(Role.WRITER), await platform.new_user(Role.WRITER)
    first = await upload(platform, writer, images.png(700, 400), content_type="image/png")
    second = await upload(platform, writer, images.png(600, 400), content_type="image/png")
    for image in (first, second):
        await ready(platform, image["id"], writer)
    post = await platform.data(
        CREATE_POST,
        {"input": {"topic": "Covers", "text": "t", "coverImageId": first["id"]}},
        user=writer,
    )
    post_id = post["createPost"]["id"]
    intruder = await platform.gql(UPDATE_COVER, {"id": post_id, "cover": second["id"]}, user=other)
    assert intruder["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND"), intruder
    replaced = await platform.data(
        UPDATE_COVER, {"id": post_id, "cover": second["id"]}, user=writer
    )
    assert replaced["updatePost"]["coverImage"]["id"] == second["id"]
    removed = await platform.data(UPDATE_COVER, {"id": post_id, "cover": None}, user=writer)
    assert removed["updatePost"]["coverImage"] is None
    kept = await platform.data(
        'mutation($id: ID!) { updatePost(id: $id, input: {topic: "Still no cover"}) {'
        " coverImage { id } } }",
        {"id": post_id},
        user=writer,
    )
    assert kept["updatePost"]["coverImage"] is None

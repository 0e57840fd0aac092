"""Image upload -> READY: media's presigned POST straight to S3, completeImageUpload, then the
variants written asynchronously (an event) until the image is READY. The account's deletion
removes the image."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from qa.errors import JourneyFailure
from qa.probes import new_probe
from qa.steps import Run

CREATE_UPLOAD = """mutation QaUpload($size: Int!) {
  createImageUpload(purpose: AVATAR, contentType: "image/png", size: $size, alt: "QA probe") {
    image { id state } url fields { name value }
  }
}"""
COMPLETE = (
    "mutation QaComplete($id: ID!) { completeImageUpload(id: $id) { id state rejectReason } }"
)
IMAGE = "query QaImage($id: ID!) { image(id: $id) { id state rejectReason variants { width } } }"


def png(size: int = 96) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


async def journey(run: Run) -> None:
    reader = await new_probe(run, label="uploader")
    content = png()
    async with run.step("create the upload"):
        data = await run.client.data(CREATE_UPLOAD, {"size": len(content)}, token=reader.token)
    upload = data["createImageUpload"]
    image_id = upload["image"]["id"]
    async with run.step("POST the file to S3"):
        fields = {field["name"]: field["value"] for field in upload["fields"]}
        async with httpx.AsyncClient(
            timeout=run.settings.request_timeout_seconds, trust_env=False
        ) as s3:
            response = await s3.post(
                upload["url"], data=fields, files={"file": ("qa.png", content, "image/png")}
            )
        if response.status_code >= 300:
            raise JourneyFailure(f"S3 answered {response.status_code}: {response.text[:200]}")
    async with run.step("complete the upload"):
        image = (await run.client.data(COMPLETE, {"id": image_id}, token=reader.token))[
            "completeImageUpload"
        ]
        if image["state"] == "REJECTED":
            raise JourneyFailure(f"the upload was rejected: {image['rejectReason']}")

    async def ready() -> bool:
        found = (await run.client.data(IMAGE, {"id": image_id}, token=reader.token))["image"]
        if found["state"] == "REJECTED":
            raise JourneyFailure(f"the image was rejected: {found['rejectReason']}")
        return bool(found["state"] == "READY" and found["variants"])

    async with run.step("READY with variants"):
        await run.eventually(ready, what="the image READY")

"""What media publishes and consumes.

Publishes (through the outbox), keyed by the image id:

    media.image.v1
        ImageUploaded  {image_id, owner_id, purpose, format, width, height}
                       a verified original is stored: the variant worker takes it from here
        ImageReady     {..., placeholder, variants: [{width, height, format, key}]}
        ImageRejected  {image_id, owner_id, purpose, reason}
        ImageDeleted   {image_id, owner_id}

Consumes (group MEDIA_CONSUMER_GROUP):

    media.image.v1     ImageUploaded -> write the variants, mark READY (idempotent: an image
                       that is no longer PROCESSING is skipped; keys are deterministic)
    posts.post.v1      PostDeleted -> the post's images are orphans
    profiles.user.v1   ProfileDeleted -> the account's images are orphans

The payload models of the consumed topics hold only the fields media reads (extra fields are
allowed, as producers add them).
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict

from subgraphs.media.models import Image, Variant

IMAGE_TOPIC = "media.image.v1"
POST_TOPIC = "posts.post.v1"
PROFILE_TOPIC = "profiles.user.v1"
TOPICS = (IMAGE_TOPIC, POST_TOPIC, PROFILE_TOPIC)

IMAGE_UPLOADED = "ImageUploaded"
IMAGE_READY = "ImageReady"
IMAGE_REJECTED = "ImageRejected"
IMAGE_DELETED = "ImageDeleted"
POST_DELETED = "PostDeleted"
PROFILE_DELETED = "ProfileDeleted"


class _Payload(BaseModel):
    model_config = ConfigDict(extra="allow")


class ImageUploadedPayload(_Payload):
    image_id: uuid.UUID
    owner_id: uuid.UUID


class PostDeletedPayload(_Payload):
    post_id: uuid.UUID


class ProfileDeletedPayload(_Payload):
    user_id: uuid.UUID


def image_payload(image: Image) -> dict[str, Any]:
    return {
        "image_id": str(image.id),
        "owner_id": str(image.owner_id),
        "purpose": image.purpose,
        "format": image.format,
        "width": image.width,
        "height": image.height,
    }


def ready_payload(image: Image, variants: list[Variant]) -> dict[str, Any]:
    return {
        **image_payload(image),
        "placeholder": image.placeholder,
        "variants": [
            {"width": v.width, "height": v.height, "format": v.format, "key": v.key}
            for v in variants
        ],
    }


def rejected_payload(image: Image) -> dict[str, Any]:
    return {
        "image_id": str(image.id),
        "owner_id": str(image.owner_id),
        "purpose": image.purpose,
        "reason": image.reject_reason,
    }


def deleted_payload(image: Image) -> dict[str, Any]:
    return {"image_id": str(image.id), "owner_id": str(image.owner_id)}

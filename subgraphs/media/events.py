"""What media publishes and consumes; the topics and payloads are declared in
common/contracts/ (media.py for its own, posts.py and profiles.py for what it reads).

Publishes (through the outbox), keyed by the image id: media.image.v1 (ImageUploaded,
ImageReady, ImageRejected, ImageDeleted).

Consumes (group MEDIA_CONSUMER_GROUP):

    media.image.v1     ImageUploaded -> write the variants, mark READY (idempotent: an image
                       that is no longer PROCESSING is skipped; keys are deterministic)
    posts.post.v1      PostDeleted -> the post's images are orphans
    profiles.user.v1   ProfileDeleted -> the account's images are orphans
"""

from __future__ import annotations

from typing import Any

from common.contracts import posts, profiles
from common.contracts.media import IMAGE, ImageChanged, ImageEvent, VariantRef
from subgraphs.media.models import Image, Variant

IMAGE_TOPIC = IMAGE.name
POST_TOPIC = posts.POST.name
PROFILE_TOPIC = profiles.USER.name
TOPICS = (IMAGE_TOPIC, POST_TOPIC, PROFILE_TOPIC)

IMAGE_UPLOADED = ImageEvent.UPLOADED.value
IMAGE_READY = ImageEvent.READY.value
IMAGE_REJECTED = ImageEvent.REJECTED.value
IMAGE_DELETED = ImageEvent.DELETED.value
POST_DELETED = posts.PostEvent.DELETED.value
PROFILE_DELETED = profiles.ProfileEvent.DELETED.value


def _image(image: Image, **fields: Any) -> dict[str, Any]:
    return IMAGE.dump(ImageChanged(image_id=image.id, owner_id=image.owner_id, **fields))


def image_payload(image: Image) -> dict[str, Any]:
    return _image(
        image,
        purpose=image.purpose,
        format=image.format,
        width=image.width,
        height=image.height,
    )


def ready_payload(image: Image, variants: list[Variant]) -> dict[str, Any]:
    return _image(
        image,
        purpose=image.purpose,
        format=image.format,
        width=image.width,
        height=image.height,
        placeholder=image.placeholder,
        variants=[
            VariantRef(width=v.width, height=v.height, format=v.format, key=v.key) for v in variants
        ],
    )


def rejected_payload(image: Image) -> dict[str, Any]:
    return _image(image, purpose=image.purpose, reason=image.reject_reason)


def deleted_payload(image: Image) -> dict[str, Any]:
    return _image(image)

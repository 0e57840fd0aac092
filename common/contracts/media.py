"""What media publishes (through its outbox), keyed by the image id.

    topic            types                                                  payload
    media.image.v1   ImageUploaded  a verified original is stored           ImageChanged
                     ImageReady     + placeholder, variants
                     ImageRejected  image_id, owner_id, purpose, reason
                     ImageDeleted   image_id, owner_id

Consumers: media itself (the variant worker takes ImageUploaded).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from common.contracts.topic import Contract, Topic


class ImageEvent(StrEnum):
    UPLOADED = "ImageUploaded"
    READY = "ImageReady"
    REJECTED = "ImageRejected"
    DELETED = "ImageDeleted"


class VariantRef(Contract):
    width: int
    height: int
    format: str
    key: str


class ImageChanged(Contract):
    """One image; fields a type does not carry are absent (see the table above)."""

    image_id: uuid.UUID
    owner_id: uuid.UUID
    purpose: str | None = None
    format: str | None = None
    width: int | None = None
    height: int | None = None
    placeholder: str | None = None
    variants: list[VariantRef] | None = None
    reason: str | None = None


IMAGE = Topic("media.image.v1", ImageChanged, key="the image id")

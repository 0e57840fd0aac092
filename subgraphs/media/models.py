"""The media database: images (one row per upload, whatever became of it), their variants,
where they are used (attachments) and the outbox.

S3 keys (one bucket):
    uploads/<owner_id>/<image_id>       what the browser posted: untrusted, never served, deleted
                                        once verified (accepted or not)
    images/<image_id>/original.<ext>    the verified image: oriented, metadata stripped,
                                        re-encoded
    images/<image_id>/<width>.<ext>     its responsive variants (`.webp` and the original format)
Only `images/` is ever public (a bucket policy or CDN on that prefix).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.outbox import outbox_table

ALT_MAX = 500


class Purpose(StrEnum):
    AVATAR = "AVATAR"
    COVER = "COVER"
    INLINE = "INLINE"


class State(StrEnum):
    PENDING = "PENDING"  # waiting for the browser's upload and completeImageUpload
    PROCESSING = "PROCESSING"  # verified and stored; variants are being written
    READY = "READY"
    REJECTED = "REJECTED"  # see reject_reason; nothing left in the bucket
    DELETING = "DELETING"  # collected: no longer usable, its objects are being removed
    DELETED = "DELETED"  # its objects are gone


class Format(StrEnum):
    JPEG = "JPEG"
    PNG = "PNG"
    WEBP = "WEBP"
    GIF = "GIF"
    AVIF = "AVIF"


EXTENSIONS = {
    Format.JPEG: "jpg",
    Format.PNG: "png",
    Format.WEBP: "webp",
    Format.GIF: "gif",
    Format.AVIF: "avif",
}
MIME_TYPES = {
    Format.JPEG: "image/jpeg",
    Format.PNG: "image/png",
    Format.WEBP: "image/webp",
    Format.GIF: "image/gif",
    Format.AVIF: "image/avif",
}


class Base(DeclarativeBase):
    pass


class Image(Base):
    __tablename__ = "images"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    purpose: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    declared_type: Mapped[str] = mapped_column(String(100))
    declared_size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str | None] = mapped_column(String(8))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int | None] = mapped_column(BigInteger)
    alt: Mapped[str | None] = mapped_column(String(ALT_MAX))
    placeholder: Mapped[str | None] = mapped_column(Text)
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: The presigned POST's deadline: a PENDING image past it is an orphan.
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ready_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: Last time an owner service claimed it (UseImage): the orphan grace counts from here.
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: Set when what it belonged to went away (its post or its owner's account): collect now.
    orphaned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # quotas: one owner's uploads of the last day
        Index("ix_images_owner_created", "owner_id", "created_at"),
        # the collector: PENDING past expiry, READY past grace
        Index("ix_images_state_updated", "state", "updated_at"),
    )


class Variant(Base):
    __tablename__ = "variants"

    image_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    width: Mapped[int] = mapped_column(Integer, primary_key=True)
    format: Mapped[str] = mapped_column(String(8), primary_key=True)
    height: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger)
    key: Mapped[str] = mapped_column(String(300))


class Attachment(Base):
    """An image in use: `subject` is `post:<id>` or `user:<id>`; `slot` its purpose there
    (one COVER per post, one AVATAR per user, any number of INLINE images)."""

    __tablename__ = "attachments"

    subject: Mapped[str] = mapped_column(String(80), primary_key=True)
    slot: Mapped[str] = mapped_column(String(16), primary_key=True)
    image_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("images.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_attachments_image", "image_id"),)


outbox = outbox_table(Base.metadata)


def upload_key(owner_id: uuid.UUID, image_id: uuid.UUID) -> str:
    return f"{upload_prefix(owner_id)}{image_id}"


def upload_prefix(owner_id: uuid.UUID) -> str:
    return f"uploads/{owner_id}/"


def image_prefix(image_id: uuid.UUID) -> str:
    return f"images/{image_id}/"


def original_key(image_id: uuid.UUID, fmt: Format) -> str:
    return f"{image_prefix(image_id)}original.{EXTENSIONS[fmt]}"


def variant_key(image_id: uuid.UUID, width: int, fmt: Format) -> str:
    return f"{image_prefix(image_id)}{width}.{EXTENSIONS[fmt]}"

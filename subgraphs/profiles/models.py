"""The profiles database: one row per account (keyed by the id auth assigns), its phone number
(private to the owner) and the outbox.

Logins are unique case-insensitively through a unique index on `lower(login)`; its
`text_pattern_ops` operator class also serves the `loginPrefix` filter (`LIKE 'abc%'`).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, SmallInteger, String, Text, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.outbox import outbox_table

LOGIN_MAX = 32
DISPLAY_NAME_MAX = 64
BIO_MAX = 2000
AVATAR_URL_MAX = 2048
LOCALE_MAX = 8
PHONE_MAX = 16  # E.164: "+" and at most 15 digits


class Base(DeclarativeBase):
    pass


class Profile(Base):
    __tablename__ = "profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    login: Mapped[str] = mapped_column(String(LOGIN_MAX), nullable=False)
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX), nullable=False)
    bio: Mapped[str | None] = mapped_column(Text, nullable=True)
    avatar_url: Mapped[str | None] = mapped_column(String(AVATAR_URL_MAX), nullable=True)
    #: An image of media's (checked there: the user's own, READY); `User.avatar`.
    avatar_image_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), nullable=True)
    #: The language of notifications and the UI ("en", "ru"); None reads as English.
    locale: Mapped[str | None] = mapped_column(String(LOCALE_MAX), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (Index("profiles_created_at_user_id", "created_at", "user_id"),)


class PhoneNumber(Base):
    """A user's phone number (at most one): unverified until the code sent to it comes back.

    Only a verified number receives notifications. The pending code is kept as an HMAC (see
    subgraphs.profiles.phones), with its expiry and the attempts left; verifying clears it.
    """

    __tablename__ = "phone_numbers"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("profiles.user_id", ondelete="CASCADE"),
        primary_key=True,
    )
    #: E.164 ("+14155550123").
    number: Mapped[str] = mapped_column(String(PHONE_MAX), nullable=False)
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    code_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    code_expires_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    attempts_left: Mapped[int] = mapped_column(SmallInteger, nullable=False, server_default="0")
    code_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class PhoneCodeSend(Base):
    """One verification code sent: counted per user and per number over the last hour, so
    neither many numbers from one account nor many accounts at one number can send SMS at will
    (SMS pumping, bombing a stranger's phone). Rows older than the window are pruned by every
    send, and a deleted profile's at once (no number outlives its purpose)."""

    __tablename__ = "phone_code_sends"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    number: Mapped[str] = mapped_column(String(PHONE_MAX), nullable=False)
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (
        Index("phone_code_sends_number_sent_at", "number", "sent_at"),
        Index("phone_code_sends_user_id_sent_at", "user_id", "sent_at"),
    )


Index(
    "profiles_login_lower_key",
    func.lower(Profile.__table__.c.login).label("login_lower"),
    unique=True,
    postgresql_ops={"login_lower": "text_pattern_ops"},
)

outbox = outbox_table(Base.metadata)

"""The profiles database: one row per account (keyed by the id auth assigns) and the outbox.

Logins are unique case-insensitively through a unique index on `lower(login)`; its
`text_pattern_ops` operator class also serves the `loginPrefix` filter (`LIKE 'abc%'`).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, String, Text, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.outbox import outbox_table

LOGIN_MAX = 32
DISPLAY_NAME_MAX = 64
BIO_MAX = 2000
AVATAR_URL_MAX = 2048


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
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (Index("profiles_created_at_user_id", "created_at", "user_id"),)


Index(
    "profiles_login_lower_key",
    func.lower(Profile.__table__.c.login).label("login_lower"),
    unique=True,
    postgresql_ops={"login_lower": "text_pattern_ops"},
)

outbox = outbox_table(Base.metadata)

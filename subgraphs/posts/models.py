"""The posts database: posts, tags, their links, comments (keyed by post id, so everything of a
post co-locates on one shard when distributed by `post_id`) and the outbox."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Identity,
    Index,
    String,
    Text,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.contracts.posts import State as ContractState
from common.outbox import outbox_table

TOPIC_MAX = 512
PREVIEW_MAX = 2000
TEXT_MAX = 100_000
COMMENT_MAX = 10_000
TAG_NAME_MAX = 64
SLUG_MAX = 120


#: The life cycle shared by posts and comments, as their events declare it.
State = ContractState

_STATES = ", ".join(f"'{s.value}'" for s in State)


class Base(DeclarativeBase):
    pass


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    text: Mapped[str] = mapped_column(Text)
    preview_text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: An image of media's, checked there (the author's own, READY) when set.
    cover_image_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))

    __table_args__ = (
        CheckConstraint(f"state IN ({_STATES})", name="posts_state_valid"),
        # posts(state=…) newest first, and the public feed (state = PUBLISHED)
        Index("ix_posts_state_created", "state", "created_at", "id"),
        # posts(authorId) / User.posts newest first
        Index("ix_posts_author_created", "author_id", "created_at", "id"),
        # moderators' list of every state newest first
        Index("ix_posts_created", "created_at", "id"),
        # StreamPosts(since) replays in update order
        Index("ix_posts_updated", "updated_at", "id"),
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(TAG_NAME_MAX))

    __table_args__ = (
        # unique case-insensitively; also serves tags() ordered by name
        Index("ux_tags_name_ci", sql_text("lower(name)"), unique=True),
    )


class PostTag(Base):
    __tablename__ = "post_tags"

    post_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        # posts(tagId) newest first joins from here
        Index("ix_post_tags_tag", "tag_id", "post_id"),
    )


class Comment(Base):
    __tablename__ = "comments"

    post_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(f"state IN ({_STATES})", name="comments_state_valid"),
        ForeignKeyConstraint(
            ["post_id", "parent_id"],
            ["comments.post_id", "comments.id"],
            name="comments_parent_fk",
        ),
        # replies of a comment; the primary key (post_id, id) serves Post.comments
        Index("ix_comments_parent", "post_id", "parent_id"),
        # published comment counts (StreamPosts)
        Index("ix_comments_post_state", "post_id", "state"),
        # the moderators' queue across posts (commentQueue), oldest first
        Index("ix_comments_state_id", "state", "id"),
    )


class TrustedAuthor(Base):
    """An author an OWNER trusts to publish without moderation (a row is the flag)."""

    __tablename__ = "trusted_authors"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    granted_by: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


outbox = outbox_table(Base.metadata)

"""posts, tags, comments, outbox

Revision ID: 20261125_0001
Revises: (none)
Create Date: 2026-11-25 11:11:46.963653
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261125_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=200), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("track_id", sa.String(length=128), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    op.create_index(
        "outbox_unpublished",
        "outbox",
        ["seq"],
        unique=False,
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("topic", sa.String(length=512), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("preview_text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('NEW', 'ON_MODERATION', 'PUBLISHED', 'BLOCKED', 'DELETED')",
            name="posts_state_valid",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index(
        "ix_posts_author_created", "posts", ["author_id", "created_at", "id"], unique=False
    )
    op.create_index("ix_posts_created", "posts", ["created_at", "id"], unique=False)
    op.create_index("ix_posts_state_created", "posts", ["state", "created_at", "id"], unique=False)
    op.create_index("ix_posts_updated", "posts", ["updated_at", "id"], unique=False)
    op.create_table(
        "tags",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_tags_name_ci", "tags", [sa.literal_column("lower(name)")], unique=True)
    op.create_table(
        "comments",
        sa.Column("post_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('NEW', 'ON_MODERATION', 'PUBLISHED', 'BLOCKED', 'DELETED')",
            name="comments_state_valid",
        ),
        sa.ForeignKeyConstraint(
            ["post_id", "parent_id"], ["comments.post_id", "comments.id"], name="comments_parent_fk"
        ),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "id"),
    )
    op.create_index("ix_comments_parent", "comments", ["post_id", "parent_id"], unique=False)
    op.create_index("ix_comments_post_state", "comments", ["post_id", "state"], unique=False)
    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.UUID(), nullable=False),
        sa.Column("tag_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "tag_id"),
    )
    op.create_index("ix_post_tags_tag", "post_tags", ["tag_id", "post_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_post_tags_tag", table_name="post_tags")
    op.drop_table("post_tags")
    op.drop_index("ix_comments_post_state", table_name="comments")
    op.drop_index("ix_comments_parent", table_name="comments")
    op.drop_table("comments")
    op.drop_index("ux_tags_name_ci", table_name="tags")
    op.drop_table("tags")
    op.drop_index("ix_posts_updated", table_name="posts")
    op.drop_index("ix_posts_state_created", table_name="posts")
    op.drop_index("ix_posts_created", table_name="posts")
    op.drop_index("ix_posts_author_created", table_name="posts")
    op.drop_table("posts")
    op.drop_index(
        "outbox_unpublished", table_name="outbox", postgresql_where=sa.text("published_at IS NULL")
    )
    op.drop_table("outbox")

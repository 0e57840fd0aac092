"""Create follows, preferences, users, tags, posts, unsubscribe generations, fan-out jobs,
processed events and the outbox.

Revision ID: 20261203_0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fanout_jobs",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("subject_key", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("spec", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("cursor", sa.UUID(), nullable=True),
        sa.Column("sent", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject_key", name="uq_fanout_jobs_subject"),
    )
    op.create_index(
        "ix_fanout_jobs_running",
        "fanout_jobs",
        ["created_at"],
        unique=False,
        postgresql_where="state = 'RUNNING'",
    )
    op.create_table(
        "follows",
        sa.Column("follower_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("follower_id", "kind", "target_id"),
    )
    op.create_index(
        "ix_follows_follower_created",
        "follows",
        ["follower_id", "kind", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_follows_target", "follows", ["kind", "target_id", "follower_id"], unique=True
    )
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
        sa.Column("post_id", sa.UUID(), nullable=False),
        sa.Column("author_id", sa.UUID(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("post_id"),
    )
    op.create_table(
        "preferences",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("channels", postgresql.ARRAY(sa.String(length=8)), nullable=False),
        sa.Column("email_cadence", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "type"),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )
    op.create_table(
        "tags",
        sa.Column("tag_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("tag_id"),
    )
    op.create_table(
        "unsubscribe_generations",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "type"),
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=True),
        sa.Column("follow_commented_threads", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("users")
    op.drop_table("unsubscribe_generations")
    op.drop_table("tags")
    op.drop_table("processed_events")
    op.drop_table("preferences")
    op.drop_table("posts")
    op.drop_index(
        "outbox_unpublished", table_name="outbox", postgresql_where=sa.text("published_at IS NULL")
    )
    op.drop_table("outbox")
    op.drop_index("ix_follows_target", table_name="follows")
    op.drop_index("ix_follows_follower_created", table_name="follows")
    op.drop_table("follows")
    op.drop_index(
        "ix_fanout_jobs_running", table_name="fanout_jobs", postgresql_where="state = 'RUNNING'"
    )
    op.drop_table("fanout_jobs")

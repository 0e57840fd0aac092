"""Create deliveries, the inbox and push subscriptions.

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

UUID = postgresql.UUID(as_uuid=True)
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("idempotency_key", sa.String(300), nullable=False),
        sa.Column("request_key", sa.String(300), nullable=False),
        sa.Column("recipient_id", UUID, nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("request", postgresql.JSONB(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("push_subscription_id", UUID, nullable=True),
        sa.Column("track_id", sa.String(128), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("digest_due_at", TS, nullable=True),
        sa.Column("digest_key", sa.String(300), nullable=True),
        sa.UniqueConstraint("idempotency_key", name="deliveries_idempotency_key_key"),
    )
    op.create_index(
        "deliveries_due",
        "deliveries",
        ["next_attempt_at"],
        postgresql_where=sa.text("state = 'PENDING'"),
    )
    op.create_index(
        "deliveries_digest_due",
        "deliveries",
        ["digest_due_at", "recipient_id"],
        postgresql_where=sa.text("state = 'DIGEST'"),
    )
    op.create_index(
        "deliveries_recipient_recent", "deliveries", ["recipient_id", "channel", "created_at"]
    )
    op.create_index("deliveries_request", "deliveries", ["request_key"])
    op.create_table(
        "inbox_items",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("recipient_id", UUID, nullable=False),
        sa.Column("request_key", sa.String(300), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("actor_id", UUID, nullable=True),
        sa.Column("subject_kind", sa.String(40), nullable=True),
        sa.Column("subject_id", sa.String(200), nullable=True),
        sa.Column("data", postgresql.JSONB(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("read_at", TS, nullable=True),
        sa.UniqueConstraint("request_key", name="inbox_items_request_key_key"),
    )
    op.create_index("inbox_items_recipient", "inbox_items", ["recipient_id", "id"])
    op.create_index(
        "inbox_items_unread",
        "inbox_items",
        ["recipient_id", "id"],
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_table(
        "push_subscriptions",
        sa.Column("id", UUID, primary_key=True),
        sa.Column("user_id", UUID, nullable=False),
        sa.Column("endpoint", sa.String(2048), nullable=False),
        sa.Column("p256dh", sa.String(128), nullable=False),
        sa.Column("auth", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("endpoint", name="push_subscriptions_endpoint_key"),
    )
    op.create_index("ix_push_subscriptions_user_id", "push_subscriptions", ["user_id"])
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("id", UUID, nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        sa.Column("track_id", sa.String(128), nullable=True),
        sa.Column("occurred_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("id", name="outbox_id_key"),
    )
    op.create_index(
        "outbox_unpublished",
        "outbox",
        ["seq"],
        postgresql_where=sa.text("published_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("push_subscriptions")
    op.drop_table("inbox_items")
    op.drop_table("deliveries")

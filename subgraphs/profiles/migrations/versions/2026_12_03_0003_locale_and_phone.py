"""Profiles gain a locale and a private phone number verified by a code sent by SMS.

Revision ID: 20261203_0003
Revises: 20261201_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0003"
down_revision: str | None = "20261201_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("locale", sa.String(8), nullable=True))
    op.create_table(
        "phone_numbers",
        sa.Column(
            "user_id",
            postgresql.UUID(as_uuid=True),
            sa.ForeignKey("profiles.user_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_hash", sa.LargeBinary(32), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts_left", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("code_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "phone_code_sends",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("user_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("phone_code_sends_number_sent_at", "phone_code_sends", ["number", "sent_at"])
    op.create_index("phone_code_sends_user_id_sent_at", "phone_code_sends", ["user_id", "sent_at"])


def downgrade() -> None:
    op.drop_table("phone_code_sends")
    op.drop_table("phone_numbers")
    op.drop_column("profiles", "locale")

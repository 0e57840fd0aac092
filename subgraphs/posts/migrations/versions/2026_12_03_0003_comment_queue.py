"""An index for the moderators' comment queue across posts (state, then oldest first).

Revision ID: 20261203_0003
Revises: 20261203_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261203_0003"
down_revision: str | None = "20261203_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_comments_state_id", "comments", ["state", "id"])


def downgrade() -> None:
    op.drop_index("ix_comments_state_id", table_name="comments")

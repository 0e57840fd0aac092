"""Scheduled publishing: posts get publish_at and the state SCHEDULED (an approved post waiting
for its time), with a partial index the scheduler polls.

Revision ID: 20261203_0103
Revises: 20261203_0102
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261203_0103"
down_revision: str | None = "20261203_0102"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "'NEW', 'ON_MODERATION', 'PUBLISHED', 'BLOCKED', 'DELETED'"


def upgrade() -> None:
    op.add_column("posts", sa.Column("publish_at", sa.DateTime(timezone=True)))
    op.drop_constraint("posts_state_valid", "posts", type_="check")
    op.create_check_constraint("posts_state_valid", "posts", f"state IN ({OLD}, 'SCHEDULED')")
    op.create_index(
        "ix_posts_scheduled",
        "posts",
        ["publish_at"],
        postgresql_where=sa.text("state = 'SCHEDULED'"),
    )


def downgrade() -> None:
    op.drop_index("ix_posts_scheduled", "posts")
    op.execute("UPDATE posts SET state = 'ON_MODERATION' WHERE state = 'SCHEDULED'")
    op.drop_constraint("posts_state_valid", "posts", type_="check")
    op.create_check_constraint("posts_state_valid", "posts", f"state IN ({OLD})")
    op.drop_column("posts", "publish_at")

"""Posts keep their reading time (minutes), computed when saved; existing posts are measured
by the same function the service uses.

Revision ID: 20261203_0101
Revises: 20261203_0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from subgraphs.posts.reading import reading_minutes

revision: str = "20261203_0101"
down_revision: str | None = "20261203_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "posts",
        sa.Column("reading_minutes", sa.Integer(), nullable=False, server_default="1"),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, text FROM posts")).all()
    for post_id, text in rows:
        bind.execute(
            sa.text("UPDATE posts SET reading_minutes = :m WHERE id = :id"),
            {"m": reading_minutes(text), "id": post_id},
        )


def downgrade() -> None:
    op.drop_column("posts", "reading_minutes")

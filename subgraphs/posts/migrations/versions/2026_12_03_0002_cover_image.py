"""Posts keep the id of their cover image (an image of media's).

Revision ID: 20261203_0002
Revises: 20261203_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0002"
down_revision: str | None = "20261203_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("cover_image_id", postgresql.UUID(as_uuid=True)))


def downgrade() -> None:
    op.drop_column("posts", "cover_image_id")

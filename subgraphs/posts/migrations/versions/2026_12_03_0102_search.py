"""Full-text search: posts keep their tag names and a generated tsvector (topic A > preview B >
text C > tag names D, under PostgreSQL's `russian` configuration, which stems Cyrillic words as
Russian and ASCII words as English), with a GIN index over published posts.

Revision ID: 20261203_0102
Revises: 20261203_0101
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261203_0102"
down_revision: str | None = "20261203_0101"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VECTOR = " || ".join(
    f"setweight(to_tsvector('russian'::regconfig, coalesce({column}, '')), '{weight}')"
    for column, weight in (("topic", "A"), ("preview_text", "B"), ("text", "C"), ("tag_names", "D"))
)


def upgrade() -> None:
    op.execute("ALTER TABLE posts ADD COLUMN tag_names TEXT NOT NULL DEFAULT ''")
    op.execute(
        "UPDATE posts SET tag_names = coalesce((SELECT string_agg(t.name, ' ' ORDER BY t.id)"
        " FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id), '')"
    )
    op.execute(
        f"ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    op.execute(
        "CREATE INDEX ix_posts_search ON posts USING gin (search_vector) WHERE state = 'PUBLISHED'"
    )
    # frequent words: the freshest matches are found walking published posts newest first
    op.execute(
        "CREATE INDEX ix_posts_published ON posts (published_at, id) WHERE state = 'PUBLISHED'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_posts_published")
    op.execute("DROP INDEX ix_posts_search")
    op.execute("ALTER TABLE posts DROP COLUMN search_vector")
    op.execute("ALTER TABLE posts DROP COLUMN tag_names")

"""Full-text search over PUBLISHED posts, in PostgreSQL (no search engine to run).

The vector is a generated column (migration 20261203_0102): topic (weight A) > preview (B) >
text (C) > tag names (D), under the `russian` configuration, which is PostgreSQL's Russian *and*
English one: it stems Cyrillic words with `russian_stem` and ASCII words with `english_stem`
(and drops the stop words of both), so one vector serves both languages at half the size of
two. Queries use `websearch_to_tsquery` syntax ("quoted phrases", `or`, `-excluded`) under the
same configuration; a partial GIN index over published posts finds the matches.

Order: `ts_rank_cd` (cover density, the weights above) descending, then fresher first
(published_at, id). The cursor is that key, so pages never repeat or skip while nothing changes.
Ranking reads each candidate's vector, which is what a search costs; so the candidates are the
freshest SEARCH_RANK_WINDOW matches (200 by default): a query matching fewer is ranked over all
of its matches, a word found in thousands of posts is ranked among its freshest 200 (a
blog's readers want the recent ones first anyway; bench/search.py measures both kinds).
Snippets (`ts_headline`) are cut for the page's rows only, after the limit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import (
    REAL,
    ColumnElement,
    Text,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import Database
from common.errors import BadUserInput
from common.pagination import Page, decode_cursor, encode_cursor, page_size
from subgraphs.posts.models import SEARCH_CONFIG as CONFIG
from subgraphs.posts.models import Post, PostTag, State
from subgraphs.posts.validation import parse_int_id, parse_uuid

QUERY_MAX = 256
#: Markers around matched words in snippets (the UI splits on them; the text stays Markdown).
MARK_START, MARK_STOP = "<mark>", "</mark>"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_STOP}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Hit:
    post: Post
    rank: float
    snippet: str


def _cursor(hit_rank: float, post: Post) -> str:
    assert post.published_at is not None  # PUBLISHED posts only
    return encode_cursor(hit_rank, post.published_at.isoformat(), str(post.id))


def _decode(after: str) -> tuple[float, dt.datetime, uuid.UUID]:
    rank, published, post_id = decode_cursor(after, 3)
    try:
        if isinstance(rank, bool) or not isinstance(rank, int | float):
            raise TypeError(rank)
        return float(rank), dt.datetime.fromisoformat(str(published)), uuid.UUID(str(post_id))
    except (ValueError, TypeError) as exc:
        raise BadUserInput("Invalid cursor", argument="after") from exc


def check_query(query: str) -> str:
    stripped = " ".join(query.split())
    if not stripped:
        raise BadUserInput("Say what to search for", argument="query")
    if len(stripped) > QUERY_MAX:
        raise BadUserInput(f"At most {QUERY_MAX} characters", argument="query")
    return stripped


async def refresh_tag_names(s: AsyncSession, post_ids: list[uuid.UUID]) -> None:
    """Copy the posts' tag names into `posts.tag_names` (the vector's D part): after their
    tags changed or a tag was renamed."""
    if not post_ids:
        return
    await s.execute(
        text(
            "UPDATE posts SET tag_names = coalesce(("
            " SELECT string_agg(t.name, ' ' ORDER BY t.id) FROM post_tags pt"
            " JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id), '')"
            " WHERE posts.id = ANY(:ids)"
        ),
        {"ids": post_ids},
    )


class Search:
    def __init__(self, db: Database, *, rank_window: int = 200) -> None:
        self.db = db
        self.rank_window = max(1, rank_window)

    async def search(
        self,
        *,
        query: str,
        first: int | None = None,
        after: str | None = None,
        tag_id: str | None = None,
        author_id: str | None = None,
    ) -> Page[Hit]:
        words = check_query(query)
        size = page_size(first)
        position = _decode(after) if after is not None else None
        tag = parse_int_id(tag_id, "tagId") if tag_id is not None else None
        author = parse_uuid(author_id, "authorId") if author_id is not None else None

        tsquery = func.websearch_to_tsquery(
            literal_column(f"'{CONFIG}'::regconfig"), literal(words, Text), type_=TSQUERY
        )
        vector = Post.__table__.c.search_vector
        rank = func.ts_rank_cd(vector, tsquery, type_=REAL)
        published = Post.published_at
        conditions: list[ColumnElement[bool]] = [
            Post.state == State.PUBLISHED.value,
            vector.op("@@")(tsquery),
        ]
        if author is not None:
            conditions.append(Post.author_id == author)
        if tag is not None:
            conditions.append(Post.id.in_(select(PostTag.post_id).where(PostTag.tag_id == tag)))
        # the freshest `rank_window` matches are ranked (reading every match's vector is what
        # costs: a word in thousands of posts would be ranked over all of them)
        candidates = (
            select(Post.id)
            .where(*conditions)
            .order_by(published.desc(), Post.id.desc())
            .limit(self.rank_window)
            .scalar_subquery()
        )
        ranked_conditions: list[ColumnElement[bool]] = [Post.id.in_(candidates)]
        if position is not None:
            ranked_conditions.append(
                tuple_(rank, published, Post.id)
                < tuple_(
                    cast(literal(position[0]), REAL), literal(position[1]), literal(position[2])
                )
            )
        ranked = (
            select(Post, rank.label("rank"))
            .where(*ranked_conditions)
            .order_by(rank.desc(), published.desc(), Post.id.desc())
            .limit(size + 1)
        )
        async with self.db.session() as s:
            rows = [(post, float(r)) for post, r in (await s.execute(ranked)).tuples()]
            snippets = await self._snippets(s, words, [p.id for p, _ in rows[:size]])
        return Page.from_rows(
            [(_cursor(r, p), Hit(p, r, snippets.get(p.id, ""))) for p, r in rows], size
        )

    @staticmethod
    async def _snippets(s: AsyncSession, words: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        result = await s.execute(
            text(
                "SELECT id, ts_headline(CAST(:config AS regconfig), text,"
                " websearch_to_tsquery(CAST(:config AS regconfig), :words), :options)"
                " FROM posts WHERE id = ANY(:ids)"
            ),
            {"config": CONFIG, "words": words, "options": HEADLINE_OPTIONS, "ids": ids},
        )
        return {post_id: snippet for post_id, snippet in result.tuples()}

"""Reading lists: a signed-in reader bookmarks posts they may see and reads them back newest
bookmark first. Bookmarking twice or removing an absent bookmark changes nothing (the buttons
may be pressed twice); a bookmarked post that is unpublished or deleted later drops out of the
list while it is not visible (the row stays: republished, it is back)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, delete, literal, or_, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from common.auth import Viewer
from common.db import Database
from common.errors import NotFound
from common.pagination import Page, encode_cursor, page_size
from subgraphs.posts.cursors import decode_post_cursor
from subgraphs.posts.models import Bookmark, Post, State
from subgraphs.posts.validation import now, parse_uuid, signed_in
from subgraphs.posts.visibility import post_visible


def _visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """post_visible as SQL, for the viewer's own list."""
    if viewer.is_moderator:
        return Post.state != State.DELETED.value
    return or_(
        Post.state == State.PUBLISHED.value,
        and_(Post.author_id == viewer.user_id, Post.state != State.DELETED.value),
    )


class Bookmarks:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def bookmark(self, *, viewer: Viewer | None, post_id: str) -> Post:
        me = signed_in(viewer)
        pid = parse_uuid(post_id, "postId")
        async with self.db.transaction() as s:
            post = await s.get(Post, pid)
            if post is None or not post_visible(me, post):
                raise NotFound("Post not found", id=post_id)
            await s.execute(
                insert(Bookmark)
                .values(user_id=me.user_id, post_id=pid, created_at=now())
                .on_conflict_do_nothing(index_elements=[Bookmark.user_id, Bookmark.post_id])
            )
        return post

    async def unbookmark(self, *, viewer: Viewer | None, post_id: str) -> uuid.UUID:
        me = signed_in(viewer)
        pid = parse_uuid(post_id, "postId")
        async with self.db.transaction() as s:
            await s.execute(
                delete(Bookmark).where(Bookmark.user_id == me.user_id, Bookmark.post_id == pid)
            )
        return pid

    async def bookmarked(
        self, viewer: Viewer | None, post_ids: Sequence[uuid.UUID]
    ) -> set[uuid.UUID]:
        """Which of `post_ids` the viewer bookmarked (one query for a batch; none when
        anonymous)."""
        if viewer is None or not post_ids:
            return set()
        async with self.db.session() as s:
            rows = await s.scalars(
                select(Bookmark.post_id).where(
                    Bookmark.user_id == viewer.user_id, Bookmark.post_id.in_(set(post_ids))
                )
            )
            return set(rows)

    async def list_bookmarks(
        self, *, viewer: Viewer | None, first: int | None = None, after: str | None = None
    ) -> Page[Post]:
        """The viewer's bookmarked posts they may still see, newest bookmark first."""
        me = signed_in(viewer)
        size = page_size(first)
        conditions = [Bookmark.user_id == me.user_id, _visible_to(me)]
        if after is not None:
            # the posts' cursor shape: (a time, a post id), here the bookmark's time
            created, pid = decode_post_cursor(after)
            conditions.append(
                tuple_(Bookmark.created_at, Bookmark.post_id)
                < tuple_(literal(created), literal(pid))
            )
        query = (
            select(Post, Bookmark.created_at)
            .join(Bookmark, Bookmark.post_id == Post.id)
            .where(*conditions)
            .order_by(Bookmark.created_at.desc(), Bookmark.post_id.desc())
            .limit(size + 1)
        )
        async with self.db.session() as s:
            rows = list((await s.execute(query)).tuples())
        return Page.from_rows(
            [(encode_cursor(created.isoformat(), str(p.id)), p) for p, created in rows], size
        )

"""Comments: any signed-in user comments on a PUBLISHED post; the first state follows the
pre-moderation policy (settings.comment_premoderation); the author edits while the comment
awaits moderation; moderators set states; deletion is soft. Who sees what: visibility.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from common.auth import Role, Viewer
from common.db import Database
from common.errors import BadUserInput, Forbidden, NotFound
from common.pagination import Page, encode_cursor, page_size
from subgraphs.posts.cursors import decode_int_cursor, each_of
from subgraphs.posts.events import CommentEvent, comment_event
from subgraphs.posts.models import Comment, Post, State
from subgraphs.posts.settings import Settings
from subgraphs.posts.validation import (
    check_comment_text,
    now,
    parse_int_id,
    parse_uuid,
    signed_in,
)
from subgraphs.posts.visibility import (
    AWAITING,
    comment_visible,
    post_visible,
    visible_comments,
)


class Comments:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    # ------------------------------------------------------------------ reads

    async def list_comments(
        self,
        *,
        viewer: Viewer | None,
        post: Post,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[Comment]:
        """Oldest first; `post` is one the viewer may see."""
        pages = await self.list_comments_of_posts(
            viewer=viewer, post_ids=[post.id], first=first, after=after
        )
        return pages[post.id]

    async def list_comments_of_posts(
        self,
        *,
        viewer: Viewer | None,
        post_ids: Sequence[uuid.UUID],
        first: int | None = None,
        after: str | None = None,
    ) -> dict[uuid.UUID, Page[Comment]]:
        """`list_comments` for many posts (the viewer may see) in one query: each post's page
        of the same `first` / `after`, read per post from the primary key (post_id, id)."""
        size = page_size(first)
        conditions = [visible_comments(viewer)]
        if after is not None:
            conditions.append(Comment.id > decode_int_cursor(after))
        found: dict[uuid.UUID, list[tuple[str, Comment]]] = {pid: [] for pid in post_ids}
        if not found:
            return {}
        post = each_of(list(found), "post")
        oldest = (
            select(Comment)
            .where(Comment.post_id == post.c.id, *conditions)
            .order_by(Comment.id)
            .limit(size + 1)
            .lateral("oldest")
        )
        comment = aliased(Comment, oldest)
        query = select(comment).select_from(post).join(oldest, true())
        async with self.db.session() as s:
            for c in await s.scalars(query):
                found[c.post_id].append((encode_cursor(c.id), c))
        return {pid: Page.from_rows(rows, size) for pid, rows in found.items()}

    async def list_queue(
        self,
        *,
        viewer: Viewer | None,
        state: State | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Page[Comment]:
        """Moderators' queue across posts, oldest first: comments awaiting moderation (NEW and
        ON_MODERATION), or those of one `state`; comments of deleted posts are left out.
        Comment ids come from one identity sequence, so the id orders them by creation."""
        me = signed_in(viewer)
        me.require(Role.MODERATOR)
        if state == State.DELETED:
            raise BadUserInput("Deleted comments are not listed", field="state")
        states = sorted(AWAITING) if state is None else [state.value]
        size = page_size(first)
        query = (
            select(Comment)
            .join(Post, Post.id == Comment.post_id)
            .where(Comment.state.in_(states), Post.state != State.DELETED.value)
            .order_by(Comment.id)
            .limit(size + 1)
        )
        if after is not None:
            query = query.where(Comment.id > decode_int_cursor(after))
        async with self.db.session() as s:
            rows = [(encode_cursor(c.id), c) for c in await s.scalars(query)]
        return Page.from_rows(rows, size)

    async def get_comment(self, *, viewer: Viewer | None, post_id: str, comment_id: str) -> Comment:
        pid, cid = parse_uuid(post_id, "postId"), parse_int_id(comment_id)
        async with self.db.session() as s:
            post = await s.get(Post, pid)
            comment = await s.get(Comment, (pid, cid))
        if post is None or not post_visible(viewer, post):
            raise NotFound("Post not found", id=post_id)
        if comment is None or not comment_visible(viewer, comment):
            raise NotFound("Comment not found", id=comment_id)
        return comment

    async def internal_comment(self, *, post_id: str, comment_id: str | int) -> Comment:
        """Any non-deleted comment of a non-deleted post (internal callers, gRPC)."""
        pid, cid = parse_uuid(post_id, "post_id"), parse_int_id(comment_id)
        async with self.db.session() as s:
            post = await s.get(Post, pid)
            comment = await s.get(Comment, (pid, cid))
        if post is None or post.state == State.DELETED:
            raise NotFound("Post not found", id=post_id)
        if comment is None or comment.state == State.DELETED:
            raise NotFound("Comment not found", id=str(comment_id))
        return comment

    # ------------------------------------------------------------------ writes

    def initial_comment_state(self, role: Role) -> State:
        policy = self.settings.comment_premoderation
        if policy == "none" or role.at_least(Role.MODERATOR):
            return State.PUBLISHED
        if policy == "all":
            return State.NEW
        return State.PUBLISHED if role.at_least(Role.WRITER) else State.NEW

    async def _comment_target(
        self, s: AsyncSession, viewer: Viewer, post_id: str, comment_id: str
    ) -> Comment:
        pid, cid = parse_uuid(post_id, "postId"), parse_int_id(comment_id)
        post = await s.get(Post, pid)
        if post is None or not post_visible(viewer, post):
            raise NotFound("Post not found", id=post_id)
        comment = await s.get(Comment, (pid, cid), with_for_update=True)
        if comment is None or not comment_visible(viewer, comment):
            raise NotFound("Comment not found", id=comment_id)
        return comment

    async def add_comment(
        self,
        *,
        viewer: Viewer | None,
        post_id: str,
        text: str,
        parent_id: str | None = None,
    ) -> Comment:
        me = signed_in(viewer)
        pid = parse_uuid(post_id, "postId")
        text = check_comment_text(text)
        parent = parse_int_id(parent_id, "parentId") if parent_id is not None else None
        async with self.db.transaction() as s:
            post = await s.get(Post, pid, with_for_update={"read": True})
            if post is None or not post_visible(me, post):
                raise NotFound("Post not found", id=post_id)
            if post.state != State.PUBLISHED:
                raise BadUserInput("Post is not published", field="postId")
            replied = None
            if parent is not None:
                replied = await s.get(Comment, (pid, parent))
                if (
                    replied is None
                    or replied.state == State.DELETED
                    or not comment_visible(me, replied)
                ):
                    raise BadUserInput("parentId is not a comment of this post", field="parentId")
            at = now()
            comment = Comment(
                post_id=pid,
                parent_id=parent,
                author_id=me.user_id,
                text=text,
                state=self.initial_comment_state(me.role).value,
                created_at=at,
                updated_at=at,
            )
            s.add(comment)
            await s.flush()
            await comment_event(
                s,
                CommentEvent.ADDED,
                comment,
                actor_id=me.user_id,
                post_author_id=post.author_id,
                parent_author_id=None if replied is None else replied.author_id,
            )
        return comment

    async def edit_comment(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str, text: str
    ) -> Comment:
        me = signed_in(viewer)
        text = check_comment_text(text)
        async with self.db.transaction() as s:
            comment = await self._comment_target(s, me, post_id, comment_id)
            if comment.author_id != me.user_id:
                raise Forbidden("Only the author edits a comment")
            if comment.state != State.NEW:
                raise Forbidden("A comment can be edited only while it awaits moderation")
            if comment.text != text:
                comment.text, comment.updated_at = text, now()
                await s.flush()
                await comment_event(s, CommentEvent.EDITED, comment, actor_id=me.user_id)
        return comment

    async def set_comment_state(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str, state: State
    ) -> Comment:
        me = signed_in(viewer)
        me.require(Role.MODERATOR)
        if state == State.DELETED:
            raise BadUserInput("Use deleteComment to delete a comment", field="state")
        async with self.db.transaction() as s:
            comment = await self._comment_target(s, me, post_id, comment_id)
            if comment.state != state:
                previous = comment.state
                comment.state, comment.updated_at = state.value, now()
                await s.flush()
                await comment_event(
                    s,
                    CommentEvent.STATE_CHANGED,
                    comment,
                    previous_state=previous,
                    actor_id=me.user_id,
                    **await _authors(s, comment),
                )
        return comment

    async def delete_comment(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str
    ) -> Comment:
        me = signed_in(viewer)
        async with self.db.transaction() as s:
            comment = await self._comment_target(s, me, post_id, comment_id)
            if comment.author_id != me.user_id and not me.is_moderator:
                raise Forbidden("Only the author or a moderator deletes a comment")
            if comment.state != State.DELETED:
                previous = comment.state
                comment.state, comment.updated_at = State.DELETED.value, now()
                await s.flush()
                await comment_event(
                    s, CommentEvent.DELETED, comment, previous_state=previous, actor_id=me.user_id
                )
        return comment


async def _authors(s: AsyncSession, comment: Comment) -> dict[str, uuid.UUID | None]:
    """Who hears of the comment when it is published: its post's author and, for a reply, the
    author of the comment replied to."""
    post = await s.get(Post, comment.post_id)
    parent = None
    if comment.parent_id is not None:
        parent = await s.get(Comment, (comment.post_id, comment.parent_id))
    return {
        "post_author_id": None if post is None else post.author_id,
        "parent_author_id": None if parent is None else parent.author_id,
    }

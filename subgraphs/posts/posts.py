"""Posts: who may create, edit, publish and delete them, the lists they appear in, and the
events each change writes. Who sees which post: visibility.py.

Rules (fixing upstream's bugs: the author comes from the token, drafts are not public):
WRITER and above create; the author (or OWNER) edits the content; authors submit, moderators
publish: the author moves their own post between NEW and ON_MODERATION (and takes it back from
PUBLISHED), and publishes it only when AUTHOR_SELF_PUBLISH is on or an OWNER made them a
trusted author (authors.py); never out of or into BLOCKED. MODERATOR and OWNER set any state on
any post; deletion is soft (DELETED), by the author or a moderator, and hides the post from
everyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from enum import Enum

from sqlalchemy import ColumnElement, delete, func, insert, literal, select, true, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from common.auth import Role, Viewer
from common.db import Database
from common.errors import AppError, BadUserInput, Forbidden, NotFound, Unavailable
from common.ids import new_id
from common.logging import get_logger
from common.media import MediaClient
from common.pagination import Page, page_size
from subgraphs.posts.authors import is_trusted
from subgraphs.posts.cursors import decode_post_cursor, each_of, post_cursor
from subgraphs.posts.events import PostEvent, post_event
from subgraphs.posts.models import Comment, Post, PostTag, Reaction, State, Tag
from subgraphs.posts.reading import reading_minutes
from subgraphs.posts.search import refresh_tag_names
from subgraphs.posts.settings import Settings
from subgraphs.posts.tags import Tags, known_tags, post_tags
from subgraphs.posts.validation import (
    check_post_text,
    check_preview,
    check_publish_at,
    check_topic,
    make_slug,
    now,
    parse_int_id,
    parse_tag_ids,
    parse_uuid,
    signed_in,
)
from subgraphs.posts.visibility import check_list_state, listed_states, post_visible

#: States an author may give their own post (PUBLISHED only with the right to self-publish).
AUTHOR_STATES = frozenset({State.NEW, State.ON_MODERATION, State.PUBLISHED})
log = get_logger(__name__)


class Keep(Enum):
    """An update argument that was not given (a None clears)."""

    KEEP = "KEEP"


class Posts:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        tags: Tags,
        media: MediaClient | None = None,
        *,
        clock: Callable[[], dt.datetime] = now,
    ) -> None:
        self.db = db
        #: decides whether a publishAt is still to come (tests move it)
        self.clock = clock
        self.settings = settings
        self.tags = tags
        self.media = media

    async def _claim_cover(self, me: Viewer, post_id: uuid.UUID, image_id: uuid.UUID) -> None:
        """Media puts the image in the post's COVER slot: FORBIDDEN unless it is the author's
        own READY image (checked before the post is written, so nothing is stored otherwise)."""
        if self.media is None:
            raise Unavailable("Images are not configured")
        await self.media.use(image_id, user_id=me.user_id, slot="COVER", subject=f"post:{post_id}")

    async def _release_cover(self, post_id: uuid.UUID) -> None:
        """The replaced cover may be collected (best effort: media keeps it attached else)."""
        if self.media is None:
            return
        try:
            await self.media.release(subject=f"post:{post_id}", slot="COVER")
        except AppError as exc:
            log.warning("cover not released", post_id=str(post_id), error=exc.message)

    # ------------------------------------------------------------------ reads

    async def posts_by_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Post]:
        """Raw rows by id (no visibility applied: callers filter for their viewer)."""
        if not ids:
            return {}
        async with self.db.session() as s:
            rows = await s.scalars(select(Post).where(Post.id.in_(set(ids))))
            return {p.id: p for p in rows}

    async def find_post(self, *, viewer: Viewer | None, post_id: uuid.UUID) -> Post | None:
        post = (await self.posts_by_ids([post_id])).get(post_id)
        return post if post is not None and post_visible(viewer, post) else None

    async def get_post(self, *, viewer: Viewer | None, post_id: str) -> Post:
        post = await self.find_post(viewer=viewer, post_id=parse_uuid(post_id))
        if post is None:
            raise NotFound("Post not found", id=post_id)
        return post

    async def get_post_by_slug(self, *, viewer: Viewer | None, slug: str) -> Post:
        async with self.db.session() as s:
            post = await s.scalar(select(Post).where(Post.slug == slug))
        if post is None or not post_visible(viewer, post):
            raise NotFound("Post not found", slug=slug)
        return post

    async def list_posts(
        self,
        *,
        viewer: Viewer | None,
        first: int | None = None,
        after: str | None = None,
        author_id: str | None = None,
        tag_id: str | None = None,
        state: State | None = None,
    ) -> Page[Post]:
        """Newest first. Without `state`: PUBLISHED posts, except in the list of one author
        (`author_id`) seen by that author or a moderator, which holds every state but DELETED
        (as `User.posts` does). A `state` other than PUBLISHED: moderators, or the author on
        their own list."""
        size = page_size(first)
        author = parse_uuid(author_id, "authorId") if author_id is not None else None
        tag = parse_int_id(tag_id, "tagId") if tag_id is not None else None
        position = decode_post_cursor(after) if after is not None else None
        check_list_state(viewer, author, state)
        conditions = [listed_states(viewer, state, by_author=author is not None)]
        if author is not None:
            conditions.append(Post.author_id == author)
        if tag is not None:
            conditions.append(Post.id.in_(select(PostTag.post_id).where(PostTag.tag_id == tag)))
        if position is not None:
            conditions.append(
                tuple_(Post.created_at, Post.id)
                < tuple_(literal(position[0]), literal(position[1]))
            )
        query = (
            select(Post)
            .where(*conditions)
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(size + 1)
        )
        async with self.db.session() as s:
            posts = list(await s.scalars(query))
        return Page.from_rows([(post_cursor(p), p) for p in posts], size)

    async def list_posts_of_authors(
        self,
        *,
        viewer: Viewer | None,
        author_ids: Sequence[str],
        first: int | None = None,
        after: str | None = None,
        state: State | None = None,
    ) -> list[Page[Post] | AppError]:
        """`list_posts(author_id=…)` for many authors (`User.posts` of `_entities`) in one query:
        a page or the error `list_posts` would raise, for each of `author_ids` in order."""
        size = page_size(first)
        results: list[Page[Post] | AppError] = []
        authors: list[uuid.UUID] = []
        position: tuple[dt.datetime, uuid.UUID] | None = None
        for author_id in author_ids:
            try:
                author = parse_uuid(author_id, "authorId")
                position = decode_post_cursor(after) if after is not None else None
                check_list_state(viewer, author, state)
            except AppError as exc:
                results.append(exc)
                continue
            authors.append(author)
            results.append(Page.from_rows([], size))
        if not authors:
            return results
        each_author = each_of(list(dict.fromkeys(authors)), "author")
        conditions = [
            Post.author_id == each_author.c.id,
            listed_states(viewer, state, by_author=True),
        ]
        if position is not None:
            conditions.append(
                tuple_(Post.created_at, Post.id)
                < tuple_(literal(position[0]), literal(position[1]))
            )
        newest = (
            select(Post)
            .where(*conditions)
            .order_by(Post.created_at.desc(), Post.id.desc())
            .limit(size + 1)
            .lateral("newest")
        )
        post = aliased(Post, newest)
        query = select(post).select_from(each_author).join(newest, true())
        found: dict[uuid.UUID, list[tuple[str, Post]]] = {a: [] for a in authors}
        async with self.db.session() as s:
            for p in await s.scalars(query):
                found[p.author_id].append((post_cursor(p), p))
        pages = iter(authors)
        return [
            result if isinstance(result, AppError) else Page.from_rows(found[next(pages)], size)
            for result in results
        ]

    # ------------------------------------------------------------------ writes

    async def _locked_post(self, s: AsyncSession, viewer: Viewer, post_id: str) -> Post:
        return await self._visible_post(s, viewer, post_id, lock=True)

    async def _visible_post(
        self, s: AsyncSession, viewer: Viewer, post_id: str, *, lock: bool = False
    ) -> Post:
        post = await s.get(Post, parse_uuid(post_id), with_for_update=lock)
        if post is None or not post_visible(viewer, post):
            raise NotFound("Post not found", id=post_id)
        return post

    async def _may_self_publish(self, s: AsyncSession, author: Viewer) -> bool:
        """Authors submit, moderators publish: unless publishing is open to every author
        (AUTHOR_SELF_PUBLISH) or an OWNER made this one a trusted author."""
        return self.settings.author_self_publish or await is_trusted(s, author.user_id)

    async def create_post(
        self,
        *,
        viewer: Viewer | None,
        topic: str,
        text: str,
        preview_text: str = "",
        tag_ids: Sequence[str | int] = (),
        cover_image_id: str | None = None,
        publish_at: dt.datetime | None = None,
    ) -> Post:
        """`publish_at`: when approved, the post waits (SCHEDULED) until then."""
        me = signed_in(viewer)
        me.require(Role.WRITER)
        publish_at = check_publish_at(publish_at)
        topic, text = check_topic(topic), check_post_text(text)
        preview_text = check_preview(preview_text)
        ids = parse_tag_ids(tag_ids)
        pid = new_id()
        cover = parse_uuid(cover_image_id, "coverImageId") if cover_image_id else None
        if cover is not None:
            await self._claim_cover(me, pid, cover)
        async with self.db.transaction() as s:
            tags = await known_tags(s, ids)
            at = now()
            post = Post(
                id=pid,
                author_id=me.user_id,
                topic=topic,
                slug=make_slug(topic, pid),
                text=text,
                preview_text=preview_text,
                state=State.NEW.value,
                created_at=at,
                updated_at=at,
                published_at=None,
                cover_image_id=cover,
                reading_minutes=reading_minutes(text),
                publish_at=publish_at,
            )
            s.add(post)
            await s.flush()
            if ids:
                await s.execute(insert(PostTag), [{"post_id": pid, "tag_id": t} for t in ids])
                await refresh_tag_names(s, [pid])
            await post_event(s, PostEvent.CREATED, post, tags, actor_id=me.user_id)
        return post

    async def update_post(
        self,
        *,
        viewer: Viewer | None,
        post_id: str,
        topic: str | None = None,
        text: str | None = None,
        preview_text: str | None = None,
        tag_ids: Sequence[str | int] | None = None,
        cover_image_id: str | Keep | None = Keep.KEEP,
        publish_at: dt.datetime | Keep | None = Keep.KEEP,
    ) -> Post:
        """Change what is given; `tag_ids` replaces the whole set, a None cover removes it, a
        None `publish_at` unschedules (a SCHEDULED post is then published at the next poll).
        No change, no event."""
        me = signed_in(viewer)
        if not isinstance(publish_at, Keep):
            publish_at = check_publish_at(publish_at)
        topic = check_topic(topic) if topic is not None else None
        text = check_post_text(text) if text is not None else None
        preview_text = check_preview(preview_text) if preview_text is not None else None
        ids = parse_tag_ids(tag_ids) if tag_ids is not None else None
        cover: uuid.UUID | Keep | None = None if cover_image_id is None else Keep.KEEP
        if isinstance(cover_image_id, str):
            cover = parse_uuid(cover_image_id, "coverImageId")
            async with self.db.session() as s:  # the author's post, before media is asked
                self._check_editor(me, await self._visible_post(s, me, post_id))
            await self._claim_cover(me, parse_uuid(post_id), cover)
        async with self.db.transaction() as s:
            post = await self._locked_post(s, me, post_id)
            self._check_editor(me, post)
            content_changed = cover_removed = False
            if cover is not Keep.KEEP and cover != post.cover_image_id:
                cover_removed = cover is None
                post.cover_image_id, content_changed = cover, True
            if topic is not None and topic != post.topic:
                post.topic, post.slug = topic, make_slug(topic, post.id)
                content_changed = True
            if text is not None and text != post.text:
                post.text, content_changed = text, True
                post.reading_minutes = reading_minutes(text)
            if preview_text is not None and preview_text != post.preview_text:
                post.preview_text, content_changed = preview_text, True
            if not isinstance(publish_at, Keep) and publish_at != post.publish_at:
                if post.published_at is not None:
                    raise BadUserInput(
                        "publishAt is for posts not published yet", field="publishAt"
                    )
                post.publish_at, content_changed = publish_at, True
            tags = await post_tags(s, post.id)
            previous_ids = sorted(t.id for t in tags)
            tags_changed = ids is not None and sorted(ids) != previous_ids
            if ids is not None and tags_changed:
                tags = await known_tags(s, ids)
                await s.execute(delete(PostTag).where(PostTag.post_id == post.id))
                if ids:
                    await s.execute(
                        insert(PostTag), [{"post_id": post.id, "tag_id": t} for t in ids]
                    )
                await refresh_tag_names(s, [post.id])
            if content_changed or tags_changed:
                post.updated_at = now()
                await s.flush()
            if content_changed:
                await post_event(s, PostEvent.UPDATED, post, tags, actor_id=me.user_id)
            if tags_changed:
                await post_event(
                    s,
                    PostEvent.TAGS_CHANGED,
                    post,
                    tags,
                    previous_tag_ids=previous_ids,
                    actor_id=me.user_id,
                )
        if cover_removed:
            await self._release_cover(post.id)
        return post

    def _scheduled_later(self, post: Post) -> bool:
        """A publication of this post waits for its publishAt (once: a post published before
        is republished at once)."""
        return (
            post.published_at is None
            and post.publish_at is not None
            and post.publish_at > self.clock()
        )

    @staticmethod
    def _check_editor(me: Viewer, post: Post) -> None:
        if post.author_id != me.user_id and me.role != Role.OWNER:
            raise Forbidden("Only the author edits a post")

    async def set_post_state(self, *, viewer: Viewer | None, post_id: str, state: State) -> Post:
        me = signed_in(viewer)
        if state == State.DELETED:
            raise BadUserInput("Use deletePost to delete a post", field="state")
        if state == State.SCHEDULED:
            raise BadUserInput(
                "Publish a post with a future publishAt to schedule it", field="state"
            )
        async with self.db.transaction() as s:
            post = await self._locked_post(s, me, post_id)
            if not me.is_moderator:
                if post.author_id != me.user_id:
                    raise Forbidden("Only the author or a moderator changes a post's state")
                me.require(Role.WRITER)
                if post.state == State.BLOCKED:
                    raise Forbidden("A blocked post is changed by moderators only")
                if state not in AUTHOR_STATES:
                    raise Forbidden("Only moderators block posts")
                if (
                    state == State.PUBLISHED
                    and post.state != State.PUBLISHED
                    and not await self._may_self_publish(s, me)
                ):
                    raise Forbidden(
                        "Posts are published by moderators: submit yours for moderation "
                        "(ON_MODERATION)"
                    )
            if state == State.PUBLISHED and self._scheduled_later(post):
                state = State.SCHEDULED
            if post.state == state:
                return post
            previous, at = post.state, now()
            post.state, post.updated_at = state.value, at
            if state == State.PUBLISHED and post.published_at is None:
                post.published_at = at
            await s.flush()
            tags = await post_tags(s, post.id)
            await post_event(
                s, PostEvent.STATE_CHANGED, post, tags, previous_state=previous, actor_id=me.user_id
            )
        return post

    async def delete_post(self, *, viewer: Viewer | None, post_id: str) -> Post:
        me = signed_in(viewer)
        async with self.db.transaction() as s:
            post = await self._locked_post(s, me, post_id)
            if post.author_id != me.user_id and not me.is_moderator:
                raise Forbidden("Only the author or a moderator deletes a post")
            previous = post.state
            post.state, post.updated_at = State.DELETED.value, now()
            await s.flush()
            tags = await post_tags(s, post.id)
            await post_event(
                s, PostEvent.DELETED, post, tags, previous_state=previous, actor_id=me.user_id
            )
        return post

    # ------------------------------------------------------------------ internal (gRPC)

    async def internal_post(self, *, post_id: str) -> tuple[Post, list[Tag]]:
        """Any non-deleted post (internal callers see the state and decide)."""
        pid = parse_uuid(post_id)
        async with self.db.session() as s:
            post = await s.get(Post, pid)
            if post is None or post.state == State.DELETED:
                raise NotFound("Post not found", id=post_id)
            return post, await post_tags(s, pid)

    async def stream_cards(
        self, *, since: dt.datetime | None = None
    ) -> AsyncIterator[tuple[Post, list[Tag], int, dict[str, int]]]:
        """Every non-deleted post updated at or after `since`, in update order, with its tags,
        published comment count and reaction counts; read in keyset batches (no long
        transaction)."""
        batch = max(1, self.settings.stream_posts_batch)
        position: tuple[dt.datetime, uuid.UUID] | None = None
        while True:
            conditions: list[ColumnElement[bool]] = [Post.state != State.DELETED.value]
            if since is not None:
                conditions.append(Post.updated_at >= since)
            if position is not None:
                conditions.append(
                    tuple_(Post.updated_at, Post.id)
                    > tuple_(literal(position[0]), literal(position[1]))
                )
            async with self.db.session() as s:
                posts = list(
                    await s.scalars(
                        select(Post)
                        .where(*conditions)
                        .order_by(Post.updated_at, Post.id)
                        .limit(batch)
                    )
                )
                ids = [p.id for p in posts]
                counted = await s.execute(
                    select(Comment.post_id, func.count())
                    .where(Comment.post_id.in_(ids), Comment.state == State.PUBLISHED.value)
                    .group_by(Comment.post_id)
                )
                counts = {post_id: n for post_id, n in counted.tuples()}
                reacted = await s.execute(
                    select(Reaction.post_id, Reaction.kind, func.count())
                    .where(Reaction.post_id.in_(ids), Reaction.comment_id == 0)
                    .group_by(Reaction.post_id, Reaction.kind)
                )
                reactions: dict[uuid.UUID, dict[str, int]] = {}
                for post_id, kind, n in reacted.tuples():
                    reactions.setdefault(post_id, {})[kind] = n
            tags = await self.tags.tags_by_post(ids)
            for post in posts:
                yield post, tags[post.id], counts.get(post.id, 0), reactions.get(post.id, {})
            if len(posts) < batch:
                return
            position = (posts[-1].updated_at, posts[-1].id)

"""The domain of posts: who may see and change posts, comments and tags, and the events each
change writes. Called by schema.py (GraphQL) and grpc.py; raises common.errors.*.

Rules (fixing upstream's bugs: the author comes from the token, drafts are not public):
- Posts: WRITER and above create; the author (or OWNER) edits the content; the author moves their
  own post between NEW, ON_MODERATION and PUBLISHED (never out of or into BLOCKED); MODERATOR and
  OWNER set any state on any post; deletion is soft (DELETED), by the author or a moderator, and
  hides the post from everyone.
- Visibility: PUBLISHED posts are public; NEW, ON_MODERATION and BLOCKED ones are visible to their
  author and to moderators only; everyone else gets NOT_FOUND and lists leave them out.
- Comments: any signed-in user comments on a PUBLISHED post; the first state follows the
  pre-moderation policy; NEW (and ON_MODERATION) comments are visible to their author and
  moderators, BLOCKED and DELETED ones to moderators only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    FromClause,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from common.auth import Role, Viewer
from common.db import Database
from common.errors import AppError, BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from common.ids import new_id
from common.pagination import decode_cursor, encode_cursor, page_size
from subgraphs.posts.events import (
    CommentEvent,
    PostEvent,
    TagEvent,
    comment_event,
    post_event,
    tag_event,
)
from subgraphs.posts.models import (
    COMMENT_MAX,
    PREVIEW_MAX,
    TAG_NAME_MAX,
    TEXT_MAX,
    TOPIC_MAX,
    Comment,
    Post,
    PostTag,
    State,
    Tag,
)
from subgraphs.posts.settings import Settings

T = TypeVar("T")

MAX_TAGS_PER_POST = 20
MAX_INT_ID = 2**63 - 1
SLUG_WORDS_MAX = 80
SLUG_SUFFIX_LEN = 12

#: States an author may give their own post.
AUTHOR_STATES = frozenset({State.NEW, State.ON_MODERATION, State.PUBLISHED})
#: Comment states that await moderation (their author still sees them).
AWAITING = frozenset({State.NEW.value, State.ON_MODERATION.value})


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Up to `size + 1` (cursor, item) rows in order; one more than `size` means a next page."""

    rows: list[tuple[str, T]]
    size: int


# ---------------------------------------------------------------------------- input helpers


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_uuid(value: str, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid id", field=field) from exc


def parse_int_id(value: str | int, field: str = "id") -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_INT_ID:
        raise BadUserInput(f"{field} is not a valid id", field=field)
    return int(text)


def _check_text(value: str, field: str, limit: int, *, required: bool) -> str:
    if required and not value.strip():
        raise BadUserInput(f"{field} must not be empty", field=field)
    if len(value) > limit:
        raise BadUserInput(f"{field} is longer than {limit} characters", field=field, max=limit)
    return value


def check_topic(value: str) -> str:
    return _check_text(value.strip(), "topic", TOPIC_MAX, required=True)


def check_post_text(value: str) -> str:
    return _check_text(value, "text", TEXT_MAX, required=True)


def check_preview(value: str) -> str:
    return _check_text(value, "previewText", PREVIEW_MAX, required=False)


def check_comment_text(value: str) -> str:
    return _check_text(value, "text", COMMENT_MAX, required=True)


def check_tag_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise BadUserInput("name must not be empty", field="name")
    if len(name) > TAG_NAME_MAX:
        raise BadUserInput(
            f"name is longer than {TAG_NAME_MAX} characters", field="name", max=TAG_NAME_MAX
        )
    return name


def parse_tag_ids(values: Sequence[str | int]) -> list[int]:
    ids = list(dict.fromkeys(parse_int_id(v, "tagIds") for v in values))
    if len(ids) > MAX_TAGS_PER_POST:
        raise BadUserInput(
            f"a post has at most {MAX_TAGS_PER_POST} tags", field="tagIds", max=MAX_TAGS_PER_POST
        )
    return ids


def make_slug(topic: str, post_id: uuid.UUID) -> str:
    """Readable words of the topic plus the random tail of the id (unique with the id)."""
    normal = unicodedata.normalize("NFKC", topic).lower()
    words = re.sub(r"[^\w]+", "-", normal).strip("-_")[:SLUG_WORDS_MAX].strip("-_")
    suffix = post_id.hex[-SLUG_SUFFIX_LEN:]
    return f"{words}-{suffix}" if words else f"post-{suffix}"


def _signed_in(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated()
    return viewer


# ---------------------------------------------------------------------------- visibility


def post_visible(viewer: Viewer | None, post: Post) -> bool:
    if post.state == State.DELETED:
        return False
    if post.state == State.PUBLISHED:
        return True
    return viewer is not None and (viewer.is_moderator or viewer.user_id == post.author_id)


def comment_visible(viewer: Viewer | None, comment: Comment) -> bool:
    if comment.state == State.PUBLISHED:
        return True
    if viewer is None:
        return False
    if viewer.is_moderator:
        return True
    return comment.state in AWAITING and comment.author_id == viewer.user_id


def _visible_comments(viewer: Viewer | None) -> ColumnElement[bool]:
    if viewer is not None and viewer.is_moderator:
        return Comment.state.is_not(None)
    published = Comment.state == State.PUBLISHED
    if viewer is None:
        return published
    return or_(published, and_(Comment.state.in_(AWAITING), Comment.author_id == viewer.user_id))


def _check_list_state(viewer: Viewer | None, author: uuid.UUID | None, state: State | None) -> None:
    """A list may ask for PUBLISHED posts; other states are for moderators, and for an author
    on their own list (`author`); DELETED posts are never listed."""
    if state == State.DELETED:
        raise BadUserInput("Deleted posts are not listed", field="state")
    privileged = viewer is not None and (
        viewer.is_moderator or (author is not None and author == viewer.user_id)
    )
    if state is not None and state != State.PUBLISHED and not privileged:
        raise Forbidden("Only moderators and the author list unpublished posts")


def _listed_states(
    viewer: Viewer | None, state: State | None, *, by_author: bool
) -> ColumnElement[bool]:
    """The posts a list holds (once `_check_list_state` passed): the `state` asked for; else
    PUBLISHED ones, plus, in lists of one author (`by_author`: `posts(authorId)`, `User.posts`),
    every state but DELETED of the viewer's own posts, or of anyone's for a moderator. Written
    over `Post.author_id`, so one condition serves the lists of many authors at once."""
    if state is not None:
        return Post.state == state.value
    published = Post.state == State.PUBLISHED.value
    if not by_author or viewer is None:
        return published
    if viewer.is_moderator:
        return Post.state != State.DELETED.value
    return or_(published, and_(Post.author_id == viewer.user_id, Post.state != State.DELETED.value))


def _each_of(ids: Sequence[uuid.UUID], name: str) -> FromClause:
    """`unnest(:ids) AS name(id)`: the parents a LATERAL subquery pages children for."""
    array = bindparam(f"{name}_ids", list(ids), type_=ARRAY(UUID(as_uuid=True)))
    return func.unnest(array).table_valued("id").render_derived(name=name)


# ---------------------------------------------------------------------------- cursors


def post_cursor(post: Post) -> str:
    return encode_cursor(post.created_at.isoformat(), str(post.id))


def _decode_post_cursor(after: str) -> tuple[dt.datetime, uuid.UUID]:
    created, post_id = decode_cursor(after, 2)
    try:
        return dt.datetime.fromisoformat(str(created)), uuid.UUID(str(post_id))
    except (ValueError, TypeError) as exc:
        raise BadUserInput("Invalid cursor", argument="after") from exc


def _decode_int_cursor(after: str) -> int:
    (value,) = decode_cursor(after, 1)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadUserInput("Invalid cursor", argument="after")
    return value


def _decode_tag_cursor(after: str) -> tuple[str, int]:
    name, tag_id = decode_cursor(after, 2)
    if not isinstance(name, str) or not isinstance(tag_id, int):
        raise BadUserInput("Invalid cursor", argument="after")
    return name, tag_id


# ---------------------------------------------------------------------------- the service


class PostsService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    # ------------------------------------------------------------------ reads: posts

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
        position = _decode_post_cursor(after) if after is not None else None
        _check_list_state(viewer, author, state)
        conditions = [_listed_states(viewer, state, by_author=author is not None)]
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
        return Page([(post_cursor(p), p) for p in posts], size)

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
                position = _decode_post_cursor(after) if after is not None else None
                _check_list_state(viewer, author, state)
            except AppError as exc:
                results.append(exc)
                continue
            authors.append(author)
            results.append(Page([], size))
        if not authors:
            return results
        each_author = _each_of(list(dict.fromkeys(authors)), "author")
        conditions = [
            Post.author_id == each_author.c.id,
            _listed_states(viewer, state, by_author=True),
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
            result if isinstance(result, AppError) else Page(found[next(pages)], size)
            for result in results
        ]

    async def tags_by_post(self, post_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Tag]]:
        result: dict[uuid.UUID, list[Tag]] = {pid: [] for pid in post_ids}
        if not post_ids:
            return result
        async with self.db.session() as s:
            rows = await s.execute(
                select(PostTag.post_id, Tag)
                .join(Tag, Tag.id == PostTag.tag_id)
                .where(PostTag.post_id.in_(set(post_ids)))
                .order_by(func.lower(Tag.name), Tag.id)
            )
            for post_id, tag in rows.tuples():
                result[post_id].append(tag)
        return result

    # ------------------------------------------------------------------ reads: comments

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
        conditions = [_visible_comments(viewer)]
        if after is not None:
            conditions.append(Comment.id > _decode_int_cursor(after))
        found: dict[uuid.UUID, list[tuple[str, Comment]]] = {pid: [] for pid in post_ids}
        if not found:
            return {}
        post = _each_of(list(found), "post")
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
        return {pid: Page(rows, size) for pid, rows in found.items()}

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

    # ------------------------------------------------------------------ reads: tags

    async def list_tags(self, *, first: int | None = None, after: str | None = None) -> Page[Tag]:
        """Ordered by name, case-insensitively."""
        size = page_size(first)
        query = select(Tag).order_by(func.lower(Tag.name), Tag.id).limit(size + 1)
        if after is not None:
            name, tag_id = _decode_tag_cursor(after)
            query = query.where(
                tuple_(func.lower(Tag.name), Tag.id) > tuple_(literal(name), literal(tag_id))
            )
        async with self.db.session() as s:
            tags = list(await s.scalars(query))
        return Page([(encode_cursor(t.name.lower(), t.id), t) for t in tags], size)

    async def all_tags(self) -> list[Tag]:
        async with self.db.session() as s:
            return list(await s.scalars(select(Tag).order_by(func.lower(Tag.name), Tag.id)))

    async def get_tag(self, *, tag_id: str) -> Tag:
        tid = parse_int_id(tag_id)
        async with self.db.session() as s:
            tag = await s.get(Tag, tid)
        if tag is None:
            raise NotFound("Tag not found", id=tag_id)
        return tag

    # ------------------------------------------------------------------ writes: posts

    async def _tags(self, s: AsyncSession, ids: Sequence[int]) -> list[Tag]:
        if not ids:
            return []
        tags = list(await s.scalars(select(Tag).where(Tag.id.in_(ids))))
        missing = sorted(set(ids) - {t.id for t in tags})
        if missing:
            raise BadUserInput("Unknown tag", field="tagIds", ids=[str(m) for m in missing])
        return tags

    async def _post_tags(self, s: AsyncSession, post_id: uuid.UUID) -> list[Tag]:
        return list(
            await s.scalars(
                select(Tag)
                .join(PostTag, PostTag.tag_id == Tag.id)
                .where(PostTag.post_id == post_id)
            )
        )

    async def _locked_post(self, s: AsyncSession, viewer: Viewer, post_id: str) -> Post:
        post = await s.get(Post, parse_uuid(post_id), with_for_update=True)
        if post is None or not post_visible(viewer, post):
            raise NotFound("Post not found", id=post_id)
        return post

    async def create_post(
        self,
        *,
        viewer: Viewer | None,
        topic: str,
        text: str,
        preview_text: str = "",
        tag_ids: Sequence[str | int] = (),
    ) -> Post:
        me = _signed_in(viewer)
        me.require(Role.WRITER)
        topic, text = check_topic(topic), check_post_text(text)
        preview_text = check_preview(preview_text)
        ids = parse_tag_ids(tag_ids)
        async with self.db.transaction() as s:
            tags = await self._tags(s, ids)
            at, pid = now(), new_id()
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
            )
            s.add(post)
            await s.flush()
            if ids:
                await s.execute(insert(PostTag), [{"post_id": pid, "tag_id": t} for t in ids])
            await post_event(s, PostEvent.CREATED, post, tags)
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
    ) -> Post:
        """Change what is given; `tag_ids` replaces the whole set. No change, no event."""
        me = _signed_in(viewer)
        topic = check_topic(topic) if topic is not None else None
        text = check_post_text(text) if text is not None else None
        preview_text = check_preview(preview_text) if preview_text is not None else None
        ids = parse_tag_ids(tag_ids) if tag_ids is not None else None
        async with self.db.transaction() as s:
            post = await self._locked_post(s, me, post_id)
            if post.author_id != me.user_id and me.role != Role.OWNER:
                raise Forbidden("Only the author edits a post")
            content_changed = False
            if topic is not None and topic != post.topic:
                post.topic, post.slug = topic, make_slug(topic, post.id)
                content_changed = True
            if text is not None and text != post.text:
                post.text, content_changed = text, True
            if preview_text is not None and preview_text != post.preview_text:
                post.preview_text, content_changed = preview_text, True
            tags = await self._post_tags(s, post.id)
            previous_ids = sorted(t.id for t in tags)
            tags_changed = ids is not None and sorted(ids) != previous_ids
            if ids is not None and tags_changed:
                tags = await self._tags(s, ids)
                await s.execute(delete(PostTag).where(PostTag.post_id == post.id))
                if ids:
                    await s.execute(
                        insert(PostTag), [{"post_id": post.id, "tag_id": t} for t in ids]
                    )
            if content_changed or tags_changed:
                post.updated_at = now()
                await s.flush()
            if content_changed:
                await post_event(s, PostEvent.UPDATED, post, tags)
            if tags_changed:
                await post_event(
                    s, PostEvent.TAGS_CHANGED, post, tags, previous_tag_ids=previous_ids
                )
        return post

    async def set_post_state(self, *, viewer: Viewer | None, post_id: str, state: State) -> Post:
        me = _signed_in(viewer)
        if state == State.DELETED:
            raise BadUserInput("Use deletePost to delete a post", field="state")
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
            if post.state == state:
                return post
            previous, at = post.state, now()
            post.state, post.updated_at = state.value, at
            if state == State.PUBLISHED and post.published_at is None:
                post.published_at = at
            await s.flush()
            tags = await self._post_tags(s, post.id)
            await post_event(s, PostEvent.STATE_CHANGED, post, tags, previous_state=previous)
        return post

    async def delete_post(self, *, viewer: Viewer | None, post_id: str) -> Post:
        me = _signed_in(viewer)
        async with self.db.transaction() as s:
            post = await self._locked_post(s, me, post_id)
            if post.author_id != me.user_id and not me.is_moderator:
                raise Forbidden("Only the author or a moderator deletes a post")
            previous = post.state
            post.state, post.updated_at = State.DELETED.value, now()
            await s.flush()
            tags = await self._post_tags(s, post.id)
            await post_event(s, PostEvent.DELETED, post, tags, previous_state=previous)
        return post

    # ------------------------------------------------------------------ writes: comments

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
        me = _signed_in(viewer)
        pid = parse_uuid(post_id, "postId")
        text = check_comment_text(text)
        parent = parse_int_id(parent_id, "parentId") if parent_id is not None else None
        async with self.db.transaction() as s:
            post = await s.get(Post, pid, with_for_update={"read": True})
            if post is None or not post_visible(me, post):
                raise NotFound("Post not found", id=post_id)
            if post.state != State.PUBLISHED:
                raise BadUserInput("Post is not published", field="postId")
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
            await comment_event(s, CommentEvent.ADDED, comment)
        return comment

    async def edit_comment(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str, text: str
    ) -> Comment:
        me = _signed_in(viewer)
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
                await comment_event(s, CommentEvent.EDITED, comment)
        return comment

    async def set_comment_state(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str, state: State
    ) -> Comment:
        me = _signed_in(viewer)
        me.require(Role.MODERATOR)
        if state == State.DELETED:
            raise BadUserInput("Use deleteComment to delete a comment", field="state")
        async with self.db.transaction() as s:
            comment = await self._comment_target(s, me, post_id, comment_id)
            if comment.state != state:
                previous = comment.state
                comment.state, comment.updated_at = state.value, now()
                await s.flush()
                await comment_event(s, CommentEvent.STATE_CHANGED, comment, previous_state=previous)
        return comment

    async def delete_comment(
        self, *, viewer: Viewer | None, post_id: str, comment_id: str
    ) -> Comment:
        me = _signed_in(viewer)
        async with self.db.transaction() as s:
            comment = await self._comment_target(s, me, post_id, comment_id)
            if comment.author_id != me.user_id and not me.is_moderator:
                raise Forbidden("Only the author or a moderator deletes a comment")
            if comment.state != State.DELETED:
                previous = comment.state
                comment.state, comment.updated_at = State.DELETED.value, now()
                await s.flush()
                await comment_event(s, CommentEvent.DELETED, comment, previous_state=previous)
        return comment

    # ------------------------------------------------------------------ writes: tags

    async def create_tag(self, *, viewer: Viewer | None, name: str) -> Tag:
        me = _signed_in(viewer)
        me.require(Role.OWNER)
        name = check_tag_name(name)
        try:
            async with self.db.transaction() as s:
                tag = Tag(name=name)
                s.add(tag)
                await s.flush()
                await tag_event(s, TagEvent.CREATED, tag)
        except IntegrityError as exc:
            raise Conflict("A tag with this name exists", field="name") from exc
        return tag

    async def rename_tag(self, *, viewer: Viewer | None, tag_id: str, name: str) -> Tag:
        me = _signed_in(viewer)
        me.require(Role.OWNER)
        tid = parse_int_id(tag_id)
        name = check_tag_name(name)
        try:
            async with self.db.transaction() as s:
                tag = await s.get(Tag, tid, with_for_update=True)
                if tag is None:
                    raise NotFound("Tag not found", id=tag_id)
                if tag.name != name:
                    previous, tag.name = tag.name, name
                    await s.flush()
                    await tag_event(s, TagEvent.RENAMED, tag, previous_name=previous)
        except IntegrityError as exc:
            raise Conflict("A tag with this name exists", field="name") from exc
        return tag

    # ------------------------------------------------------------------ internal (gRPC)

    async def internal_post(self, *, post_id: str) -> tuple[Post, list[Tag]]:
        """Any non-deleted post (internal callers see the state and decide)."""
        pid = parse_uuid(post_id)
        async with self.db.session() as s:
            post = await s.get(Post, pid)
            if post is None or post.state == State.DELETED:
                raise NotFound("Post not found", id=post_id)
            return post, await self._post_tags(s, pid)

    async def internal_comment(self, *, post_id: str, comment_id: str | int) -> Comment:
        pid, cid = parse_uuid(post_id, "post_id"), parse_int_id(comment_id)
        async with self.db.session() as s:
            post = await s.get(Post, pid)
            comment = await s.get(Comment, (pid, cid))
        if post is None or post.state == State.DELETED:
            raise NotFound("Post not found", id=post_id)
        if comment is None or comment.state == State.DELETED:
            raise NotFound("Comment not found", id=str(comment_id))
        return comment

    async def stream_cards(
        self, *, since: dt.datetime | None = None
    ) -> AsyncIterator[tuple[Post, list[Tag], int]]:
        """Every non-deleted post updated at or after `since`, in update order, with its tags
        and published comment count; read in keyset batches (no long transaction)."""
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
            tags = await self.tags_by_post(ids)
            for post in posts:
                yield post, tags[post.id], counts.get(post.id, 0)
            if len(posts) < batch:
                return
            position = (posts[-1].updated_at, posts[-1].id)

"""Tags: the names posts are filed under (OWNER creates and renames them) and the links
between posts and tags."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role, Viewer
from common.db import Database
from common.errors import BadUserInput, Conflict, NotFound
from common.pagination import Page, encode_cursor, page_size
from subgraphs.posts.cursors import decode_tag_cursor
from subgraphs.posts.events import TagEvent, tag_event
from subgraphs.posts.models import PostTag, Tag
from subgraphs.posts.search import refresh_tag_names
from subgraphs.posts.validation import check_tag_name, parse_int_id, signed_in


async def known_tags(s: AsyncSession, ids: Sequence[int]) -> list[Tag]:
    """The tags of `ids`; BAD_USER_INPUT naming those that do not exist."""
    if not ids:
        return []
    tags = list(await s.scalars(select(Tag).where(Tag.id.in_(ids))))
    missing = sorted(set(ids) - {t.id for t in tags})
    if missing:
        raise BadUserInput("Unknown tag", field="tagIds", ids=[str(m) for m in missing])
    return tags


async def post_tags(s: AsyncSession, post_id: uuid.UUID) -> list[Tag]:
    return list(
        await s.scalars(
            select(Tag).join(PostTag, PostTag.tag_id == Tag.id).where(PostTag.post_id == post_id)
        )
    )


class Tags:
    def __init__(self, db: Database) -> None:
        self.db = db

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

    async def list_tags(self, *, first: int | None = None, after: str | None = None) -> Page[Tag]:
        """Ordered by name, case-insensitively."""
        size = page_size(first)
        query = select(Tag).order_by(func.lower(Tag.name), Tag.id).limit(size + 1)
        if after is not None:
            name, tag_id = decode_tag_cursor(after)
            query = query.where(
                tuple_(func.lower(Tag.name), Tag.id) > tuple_(literal(name), literal(tag_id))
            )
        async with self.db.session() as s:
            tags = list(await s.scalars(query))
        return Page.from_rows([(encode_cursor(t.name.lower(), t.id), t) for t in tags], size)

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

    async def create_tag(self, *, viewer: Viewer | None, name: str) -> Tag:
        me = signed_in(viewer)
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
        me = signed_in(viewer)
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
                    tagged = await s.scalars(select(PostTag.post_id).where(PostTag.tag_id == tid))
                    await refresh_tag_names(s, list(tagged))
                    await tag_event(s, TagEvent.RENAMED, tag, previous_name=previous)
        except IntegrityError as exc:
            raise Conflict("A tag with this name exists", field="name") from exc
        return tag

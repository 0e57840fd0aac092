"""The GraphQL face of posts: `Post @key(id)` (owned here), `User @key(id)` (owned by profiles,
extended here with `posts`), comments, tags and the publishing mutations. Every rule lives in
service.py; this module maps rows to types and batches every per-entity field (Post entities,
Post.tags, Post.comments, User.posts) through per-request DataLoaders: one query per field and
arguments for all the parents of an execution step."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from common.errors import AppError, BadUserInput
from common.graphql import RequestContext, described_field, described_mutation, make_schema
from common.pagination import Connection, connection
from subgraphs.posts import models
from subgraphs.posts.service import Page, PostsService, parse_uuid, post_visible

K = TypeVar("K")
V = TypeVar("V")
N = TypeVar("N")
R = TypeVar("R")


@dataclass(frozen=True)
class PostsState:
    """What every request of this service shares (`info.context.state`)."""

    service: PostsService


Info = strawberry.Info[RequestContext[PostsState], None]

#: models.State is the GraphQL enum ContentState (registered once, used as the annotation).
strawberry.enum(
    models.State, name="ContentState", description="The life cycle of posts and comments."
)
ContentState = models.State


def _service(info: Info) -> PostsService:
    return info.context.state.service


def _loader(
    info: Info,
    name: str,
    load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]],
    *,
    cache: bool = True,
) -> DataLoader[K, V]:
    """One DataLoader per request and name: lookups in one execution step share a query.
    `cache=False` for what a mutation may change (each step reads afresh); its batches may
    then hold a key more than once."""
    loaders = info.context.loaders
    if name not in loaders:
        loaders[name] = DataLoader(load_fn=load, cache=cache)
    loader: DataLoader[K, V] = loaders[name]
    return loader


def _arguments(field: str, *values: object) -> str:
    """A loader name per field and arguments: parents asking alike share one query."""
    return f"{field}:{json.dumps(values, default=str)}"


def _post_loader(info: Info) -> DataLoader[uuid.UUID, models.Post | None]:
    service = _service(info)

    async def load(ids: list[uuid.UUID]) -> list[models.Post | None]:
        found = await service.posts_by_ids(ids)
        return [found.get(i) for i in ids]

    return _loader(info, "posts", load)


def _tags_loader(info: Info) -> DataLoader[uuid.UUID, list[models.Tag]]:
    service = _service(info)

    async def load(ids: list[uuid.UUID]) -> list[list[models.Tag]]:
        found = await service.tags_by_post(ids)
        return [found[i] for i in ids]

    return _loader(info, "post_tags", load, cache=False)


def _comments_loader(
    info: Info, first: int | None, after: str | None
) -> DataLoader[uuid.UUID, Page[models.Comment]]:
    """`Post.comments(first, after)` of every post of a step in one query."""
    service, viewer = _service(info), info.context.viewer

    async def load(ids: list[uuid.UUID]) -> list[Page[models.Comment]]:
        pages = await service.list_comments_of_posts(
            viewer=viewer, post_ids=ids, first=first, after=after
        )
        return [pages[i] for i in ids]

    return _loader(info, _arguments("post_comments", first, after), load, cache=False)


def _user_posts_loader(
    info: Info, first: int | None, after: str | None, state: models.State | None
) -> DataLoader[str, Page[models.Post]]:
    """`User.posts(first, after, state)` of every user of a step in one query; a user whose
    list is refused (a bad id, a state they may not list) gets its own error."""
    service, viewer = _service(info), info.context.viewer

    async def load(author_ids: list[str]) -> list[Page[models.Post] | AppError]:
        return await service.list_posts_of_authors(
            viewer=viewer, author_ids=author_ids, first=first, after=after, state=state
        )

    return _loader(info, _arguments("user_posts", first, after, state), load, cache=False)


def _page(page: Page[R], convert: Callable[[R], N]) -> Connection[N]:
    return connection([(cursor, convert(row)) for cursor, row in page.rows], page.size)


# ---------------------------------------------------------------------------- types


@strawberry.type(description="A tag posts are filed under.")
class Tag:
    id: strawberry.ID
    name: str


def tag_type(row: models.Tag) -> Tag:
    return Tag(id=strawberry.ID(str(row.id)), name=row.name)


@strawberry.federation.type(keys=["id"], description="A user (owned by profiles).")
class User:
    id: strawberry.ID

    @described_field(
        "The user's posts, newest first: only PUBLISHED ones unless the viewer is "
        "this user or a moderator (then every state but DELETED, or the `state` asked for)."
    )
    async def posts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        state: models.State | None = None,
    ) -> Connection[Post]:
        page = await _user_posts_loader(info, first, after, state).load(str(self.id))
        return _page(page, post_type)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id)


@strawberry.type(description="A comment on a post (its id is unique within the post).")
class Comment:
    id: strawberry.ID
    post_id: strawberry.ID
    parent_id: strawberry.ID | None = strawberry.field(
        description="The comment of the same post this one replies to."
    )
    text: str = strawberry.field(description="Markdown.")
    state: models.State
    created_at: dt.datetime
    updated_at: dt.datetime
    author_id: strawberry.Private[uuid.UUID]

    @strawberry.field
    def author(self) -> User:
        return User(id=strawberry.ID(str(self.author_id)))


def comment_type(row: models.Comment) -> Comment:
    return Comment(
        id=strawberry.ID(str(row.id)),
        post_id=strawberry.ID(str(row.post_id)),
        parent_id=None if row.parent_id is None else strawberry.ID(str(row.parent_id)),
        text=row.text,
        state=models.State(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        author_id=row.author_id,
    )


@strawberry.federation.type(keys=["id"], description="A blog post (Markdown).")
class Post:
    id: strawberry.ID
    topic: str
    slug: str
    text: str = strawberry.field(description="Markdown.")
    preview_text: str = strawberry.field(description="Markdown shown in lists.")
    state: models.State
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None = strawberry.field(description="When first published.")
    row: strawberry.Private[models.Post]

    @strawberry.field
    def author(self) -> User:
        return User(id=strawberry.ID(str(self.row.author_id)))

    @described_field("Ordered by name.")
    async def tags(self, info: Info) -> list[Tag]:
        return [tag_type(t) for t in await _tags_loader(info).load(self.row.id)]

    @described_field("Oldest first; only those the viewer may see.")
    async def comments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Comment]:
        page = await _comments_loader(info, first, after).load(self.row.id)
        return _page(page, comment_type)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Post | None:
        try:
            post_id = parse_uuid(str(id))
        except BadUserInput:
            return None
        row = await _post_loader(info).load(post_id)
        if row is None or not post_visible(info.context.viewer, row):
            return None
        return post_type(row)


def post_type(row: models.Post) -> Post:
    return Post(
        id=strawberry.ID(str(row.id)),
        topic=row.topic,
        slug=row.slug,
        text=row.text,
        preview_text=row.preview_text,
        state=models.State(row.state),
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
        row=row,
    )


# ---------------------------------------------------------------------------- inputs


@strawberry.input
class CreatePostInput:
    topic: str = strawberry.field(description="At most 512 characters.")
    text: str = strawberry.field(description="Markdown, at most 100 000 characters.")
    preview_text: str = strawberry.field(default="", description="At most 2000 characters.")
    tag_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input(description="Fields left out (or null) stay as they are.")
class UpdatePostInput:
    topic: str | None = None
    text: str | None = None
    preview_text: str | None = None
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the whole set."
    )


# ---------------------------------------------------------------------------- operations


@strawberry.type
class Query:
    @described_field("NOT_FOUND unless the viewer may see the post.")
    async def post(self, info: Info, id: strawberry.ID) -> Post | None:
        return post_type(await _service(info).get_post(viewer=info.context.viewer, post_id=id))

    @strawberry.field
    async def post_by_slug(self, info: Info, slug: str) -> Post | None:
        return post_type(
            await _service(info).get_post_by_slug(viewer=info.context.viewer, slug=slug)
        )

    @described_field(
        "Newest first. Without `state`: PUBLISHED posts; with `authorId`, that author "
        "(and moderators) also see the author's unpublished posts, as in `User.posts`. A `state` "
        "other than PUBLISHED is for moderators and for an author on their own (`authorId`)."
    )
    async def posts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        author_id: strawberry.ID | None = None,
        tag_id: strawberry.ID | None = None,
        state: models.State | None = None,
    ) -> Connection[Post]:
        page = await _service(info).list_posts(
            viewer=info.context.viewer,
            first=first,
            after=after,
            author_id=author_id,
            tag_id=tag_id,
            state=state,
        )
        return _page(page, post_type)

    @strawberry.field
    async def comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID
    ) -> Comment | None:
        return comment_type(
            await _service(info).get_comment(
                viewer=info.context.viewer, post_id=post_id, comment_id=id
            )
        )

    @described_field("Ordered by name, case-insensitively.")
    async def tags(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Tag]:
        return _page(await _service(info).list_tags(first=first, after=after), tag_type)

    @strawberry.field
    async def tag(self, info: Info, id: strawberry.ID) -> Tag | None:
        return tag_type(await _service(info).get_tag(tag_id=id))


@strawberry.type
class Mutation:
    @described_mutation("WRITER and above; the post starts NEW.")
    async def create_post(self, info: Info, input: CreatePostInput) -> Post:
        row = await _service(info).create_post(
            viewer=info.context.viewer,
            topic=input.topic,
            text=input.text,
            preview_text=input.preview_text,
            tag_ids=input.tag_ids,
        )
        return post_type(row)

    @described_mutation("The author (or OWNER) edits a post.")
    async def update_post(self, info: Info, id: strawberry.ID, input: UpdatePostInput) -> Post:
        row = await _service(info).update_post(
            viewer=info.context.viewer,
            post_id=id,
            topic=input.topic,
            text=input.text,
            preview_text=input.preview_text,
            tag_ids=input.tag_ids,
        )
        return post_type(row)

    @described_mutation(
        "Authors move their own post between NEW, ON_MODERATION and PUBLISHED "
        "(not out of or into BLOCKED); moderators set any state. DELETED: use deletePost."
    )
    async def set_post_state(self, info: Info, id: strawberry.ID, state: models.State) -> Post:
        row = await _service(info).set_post_state(
            viewer=info.context.viewer, post_id=id, state=state
        )
        return post_type(row)

    @described_mutation("Soft delete by the author or a moderator; returns the id.")
    async def delete_post(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        row = await _service(info).delete_post(viewer=info.context.viewer, post_id=id)
        return strawberry.ID(str(row.id))

    @described_mutation("Any signed-in user, on a PUBLISHED post.")
    async def add_comment(
        self,
        info: Info,
        post_id: strawberry.ID,
        text: str,
        parent_id: strawberry.ID | None = None,
    ) -> Comment:
        row = await _service(info).add_comment(
            viewer=info.context.viewer, post_id=post_id, text=text, parent_id=parent_id
        )
        return comment_type(row)

    @described_mutation("The author, while the comment is NEW.")
    async def edit_comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID, text: str
    ) -> Comment:
        row = await _service(info).edit_comment(
            viewer=info.context.viewer, post_id=post_id, comment_id=id, text=text
        )
        return comment_type(row)

    @described_mutation("Moderators only. DELETED: use deleteComment.")
    async def set_comment_state(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID, state: models.State
    ) -> Comment:
        row = await _service(info).set_comment_state(
            viewer=info.context.viewer, post_id=post_id, comment_id=id, state=state
        )
        return comment_type(row)

    @described_mutation("Soft delete by the author or a moderator; returns the id.")
    async def delete_comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID
    ) -> strawberry.ID:
        row = await _service(info).delete_comment(
            viewer=info.context.viewer, post_id=post_id, comment_id=id
        )
        return strawberry.ID(str(row.id))

    @described_mutation("OWNER only; names are unique case-insensitively.")
    async def create_tag(self, info: Info, name: str) -> Tag:
        return tag_type(await _service(info).create_tag(viewer=info.context.viewer, name=name))

    @described_mutation("OWNER only.")
    async def rename_tag(self, info: Info, id: strawberry.ID, name: str) -> Tag:
        row = await _service(info).rename_tag(viewer=info.context.viewer, tag_id=id, name=name)
        return tag_type(row)


schema = make_schema(query=Query, mutation=Mutation, types=[User, Post, Comment])

__all__ = ["ContentState", "PostsState", "schema"]

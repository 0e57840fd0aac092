"""The GraphQL face of posts: `Post @key(id)` (owned here), `User @key(id)` (owned by profiles,
extended here with `posts`), comments, tags and the publishing mutations. Every rule lives in
the domain modules (posts.py, comments.py, tags.py); this module maps rows to types, and every
per-entity field is batched through the per-request DataLoaders of loaders.py."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from common.errors import AppError, BadUserInput
from common.graphql import described_field, described_mutation, make_schema
from common.pagination import Connection
from subgraphs.posts import models
from subgraphs.posts.loaders import (
    Info,
    PostsState,
    comments_loader,
    page_of,
    post_loader,
    service_of,
    tags_loader,
    trusted_loader,
    user_posts_loader,
)
from subgraphs.posts.posts import Keep
from subgraphs.posts.validation import parse_uuid
from subgraphs.posts.visibility import post_visible

#: models.State is the GraphQL enum ContentState (registered once, used as the annotation).
strawberry.enum(
    models.State, name="ContentState", description="The life cycle of posts and comments."
)
ContentState = models.State


# ---------------------------------------------------------------------------- types


@strawberry.federation.type(keys=["id"], description="A tag posts are filed under.")
class Tag:
    id: strawberry.ID
    name: str

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Tag | None:
        try:
            return tag_type(await service_of(info).tags.get_tag(tag_id=id))
        except AppError:
            return None


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
        page = await user_posts_loader(info, first, after, state).load(str(self.id))
        return page_of(page, post_type)

    @described_field(
        "An author an OWNER trusts to publish without a moderator (see setTrustedAuthor)."
    )
    async def trusted_author(self, info: Info) -> bool:
        return await trusted_loader(info).load(str(self.id))

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

    @described_field("The post commented on; null when the viewer may not see it.")
    async def post(self, info: Info) -> Post | None:
        return await Post.resolve_reference(info, self.post_id)


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

    @described_field("The cover: an image uploaded through media.")
    def cover_image(self) -> Image | None:
        cover = self.row.cover_image_id
        return None if cover is None else Image(id=strawberry.ID(str(cover)))

    @described_field("Ordered by name.")
    async def tags(self, info: Info) -> list[Tag]:
        return [tag_type(t) for t in await tags_loader(info).load(self.row.id)]

    @described_field("Oldest first; only those the viewer may see.")
    async def comments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Comment]:
        page = await comments_loader(info, first, after).load(self.row.id)
        return page_of(page, comment_type)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Post | None:
        try:
            post_id = parse_uuid(str(id))
        except BadUserInput:
            return None
        row = await post_loader(info).load(post_id)
        if row is None or not post_visible(info.context.viewer, row):
            return None
        return post_type(row)


@strawberry.federation.type(
    keys=[Key(fields=FieldSet("id"), resolvable=False)], description="An image (owned by media)."
)
class Image:
    id: strawberry.ID


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
    cover_image_id: strawberry.ID | None = strawberry.field(
        default=None, description="The author's own READY COVER image (FORBIDDEN otherwise)."
    )


@strawberry.input(description="Fields left out (or null) stay as they are, but coverImageId.")
class UpdatePostInput:
    topic: str | None = None
    text: str | None = None
    preview_text: str | None = None
    tag_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the whole set."
    )
    cover_image_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description="The author's own READY COVER image (FORBIDDEN otherwise); null removes it.",
    )


# ---------------------------------------------------------------------------- operations


@strawberry.type
class Query:
    @described_field("NOT_FOUND unless the viewer may see the post.")
    async def post(self, info: Info, id: strawberry.ID) -> Post | None:
        return post_type(
            await service_of(info).posts.get_post(viewer=info.context.viewer, post_id=id)
        )

    @strawberry.field
    async def post_by_slug(self, info: Info, slug: str) -> Post | None:
        return post_type(
            await service_of(info).posts.get_post_by_slug(viewer=info.context.viewer, slug=slug)
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
        page = await service_of(info).posts.list_posts(
            viewer=info.context.viewer,
            first=first,
            after=after,
            author_id=author_id,
            tag_id=tag_id,
            state=state,
        )
        return page_of(page, post_type)

    @strawberry.field
    async def comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID
    ) -> Comment | None:
        return comment_type(
            await service_of(info).comments.get_comment(
                viewer=info.context.viewer, post_id=post_id, comment_id=id
            )
        )

    @described_field(
        "Moderators' queue across posts, oldest first: without `state`, the comments awaiting "
        "moderation (NEW and ON_MODERATION); with it, those in that state."
    )
    async def comment_queue(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        state: models.State | None = None,
    ) -> Connection[Comment]:
        page = await service_of(info).comments.list_queue(
            viewer=info.context.viewer, state=state, first=first, after=after
        )
        return page_of(page, comment_type)

    @described_field("Ordered by name, case-insensitively.")
    async def tags(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Tag]:
        return page_of(await service_of(info).tags.list_tags(first=first, after=after), tag_type)

    @strawberry.field
    async def tag(self, info: Info, id: strawberry.ID) -> Tag | None:
        return tag_type(await service_of(info).tags.get_tag(tag_id=id))


@strawberry.type
class Mutation:
    @described_mutation("WRITER and above; the post starts NEW.")
    async def create_post(self, info: Info, input: CreatePostInput) -> Post:
        row = await service_of(info).posts.create_post(
            viewer=info.context.viewer,
            topic=input.topic,
            text=input.text,
            preview_text=input.preview_text,
            tag_ids=input.tag_ids,
            cover_image_id=input.cover_image_id,
        )
        return post_type(row)

    @described_mutation("The author (or OWNER) edits a post.")
    async def update_post(self, info: Info, id: strawberry.ID, input: UpdatePostInput) -> Post:
        row = await service_of(info).posts.update_post(
            viewer=info.context.viewer,
            post_id=id,
            topic=input.topic,
            text=input.text,
            preview_text=input.preview_text,
            tag_ids=input.tag_ids,
            cover_image_id=(
                Keep.KEEP if input.cover_image_id is strawberry.UNSET else input.cover_image_id
            ),
        )
        return post_type(row)

    @described_mutation(
        "Authors move their own post between NEW and ON_MODERATION (submitted), and publish "
        "it only when trusted (setTrustedAuthor) or when posts' AUTHOR_SELF_PUBLISH is on; "
        "never out of or into BLOCKED. Moderators set any state. DELETED: use deletePost."
    )
    async def set_post_state(self, info: Info, id: strawberry.ID, state: models.State) -> Post:
        row = await service_of(info).posts.set_post_state(
            viewer=info.context.viewer, post_id=id, state=state
        )
        return post_type(row)

    @described_mutation("Soft delete by the author or a moderator; returns the id.")
    async def delete_post(self, info: Info, id: strawberry.ID) -> strawberry.ID:
        row = await service_of(info).posts.delete_post(viewer=info.context.viewer, post_id=id)
        return strawberry.ID(str(row.id))

    @described_mutation("Any signed-in user, on a PUBLISHED post.")
    async def add_comment(
        self,
        info: Info,
        post_id: strawberry.ID,
        text: str,
        parent_id: strawberry.ID | None = None,
    ) -> Comment:
        row = await service_of(info).comments.add_comment(
            viewer=info.context.viewer, post_id=post_id, text=text, parent_id=parent_id
        )
        return comment_type(row)

    @described_mutation("The author, while the comment is NEW.")
    async def edit_comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID, text: str
    ) -> Comment:
        row = await service_of(info).comments.edit_comment(
            viewer=info.context.viewer, post_id=post_id, comment_id=id, text=text
        )
        return comment_type(row)

    @described_mutation("Moderators only. DELETED: use deleteComment.")
    async def set_comment_state(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID, state: models.State
    ) -> Comment:
        row = await service_of(info).comments.set_comment_state(
            viewer=info.context.viewer, post_id=post_id, comment_id=id, state=state
        )
        return comment_type(row)

    @described_mutation("Soft delete by the author or a moderator; returns the id.")
    async def delete_comment(
        self, info: Info, post_id: strawberry.ID, id: strawberry.ID
    ) -> strawberry.ID:
        row = await service_of(info).comments.delete_comment(
            viewer=info.context.viewer, post_id=post_id, comment_id=id
        )
        return strawberry.ID(str(row.id))

    @described_mutation(
        "OWNER only: lets this author publish their own posts without a moderator (or, "
        "`trusted: false`, no longer)."
    )
    async def set_trusted_author(self, info: Info, user_id: strawberry.ID, trusted: bool) -> User:
        await service_of(info).authors.set_trusted(
            viewer=info.context.viewer, user_id=user_id, trusted=trusted
        )
        return User(id=user_id)

    @described_mutation("OWNER only; names are unique case-insensitively.")
    async def create_tag(self, info: Info, name: str) -> Tag:
        return tag_type(
            await service_of(info).tags.create_tag(viewer=info.context.viewer, name=name)
        )

    @described_mutation("OWNER only.")
    async def rename_tag(self, info: Info, id: strawberry.ID, name: str) -> Tag:
        row = await service_of(info).tags.rename_tag(
            viewer=info.context.viewer, tag_id=id, name=name
        )
        return tag_type(row)


schema = make_schema(query=Query, mutation=Mutation, types=[User, Post, Comment, Image, Tag])

__all__ = ["ContentState", "PostsState", "schema"]

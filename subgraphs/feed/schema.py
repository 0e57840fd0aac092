"""The GraphQL face of feed: `feed(first, after, authorId, tagId)`, a Relay connection of post
cards (`FeedItem`, each with a `post: Post!` reference to the entity posts owns), the `Post`
entity extended with `commentCount`, and the OWNER-only `rebuildFeed`.

The card is its own type rather than `Post` fields marked @shareable: posts owns `Post`'s fields
and does not mark them shareable, and a card is a snapshot of the read model (eventually
consistent), not the post itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet

from common.auth import Role
from common.contracts.posts import ReactionKind
from common.graphql import RequestContext, described_field, described_mutation, make_schema
from common.pagination import Connection
from subgraphs.feed.models import Card
from subgraphs.feed.pages import FeedPages
from subgraphs.feed.service import RebuildResult


@dataclass(frozen=True)
class FeedState:
    pages: FeedPages
    rebuild: Callable[[bool], Awaitable[RebuildResult]]


Info = strawberry.Info[RequestContext[FeedState], None]


def _count_loader(info: Info) -> DataLoader[str, int]:
    loaders = info.context.loaders
    if "comment_counts" not in loaders:
        pages = info.context.state.pages

        async def load(ids: list[str]) -> list[int]:
            return await pages.comment_counts(ids)

        loaders["comment_counts"] = DataLoader(load_fn=load)
    loader: DataLoader[str, int] = loaders["comment_counts"]
    return loader


@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class User:
    id: strawberry.ID


@strawberry.federation.type(keys=[Key(fields=FieldSet("id"), resolvable=False)])
class Image:
    id: strawberry.ID


@strawberry.federation.type(keys=["id"])
class Post:
    id: strawberry.ID

    @described_field(
        "Published comments (from the feed's read model); null when the feed cannot answer, "
        "so a page of posts degrades instead of failing."
    )
    async def comment_count(self, info: Info) -> int | None:
        return await _count_loader(info).load(str(self.id))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Post:
        return Post(id=id)


@strawberry.type(description="A tag on a feed item.")
class FeedTag:
    id: strawberry.ID
    name: str


strawberry.enum(ReactionKind, description="The reactions a post or comment may get.")


@strawberry.type(description="How many gave a post one kind of reaction (the feed's count).")
class FeedReactionCount:
    kind: ReactionKind
    count: int


@strawberry.type(
    description="A published post as the front page shows it (denormalised, read-optimised)."
)
class FeedItem:
    id: strawberry.ID = strawberry.field(description="The post id.")
    topic: str
    slug: str
    preview_text: str
    author_login: str
    author_display_name: str
    tags: list[FeedTag]
    comment_count: int = strawberry.field(description="Published comments.")
    reading_minutes: int = strawberry.field(description="Whole minutes to read the post.")
    published_at: dt.datetime
    updated_at: dt.datetime
    author_id: strawberry.Private[str]
    cover_image_id: strawberry.Private[str] = ""
    reaction_counts: strawberry.Private[dict[str, int]] = dataclasses.field(default_factory=dict)

    @described_field("The post's reactions by kind, every kind in a fixed order.")
    def reactions(self) -> list[FeedReactionCount]:
        return [
            FeedReactionCount(kind=k, count=self.reaction_counts.get(k.value, 0))
            for k in ReactionKind
        ]

    @described_field(
        "The post's cover (placeholder and variants come from media, batched for the page)."
    )
    def cover_image(self) -> Image | None:
        return Image(id=strawberry.ID(self.cover_image_id)) if self.cover_image_id else None

    @described_field(
        "The post itself (resolved by posts); null, with an error, when posts cannot answer."
    )
    def post(self) -> Post | None:
        return Post(id=self.id)

    @described_field(
        "The author (resolved by profiles); null, with an error, when profiles cannot answer."
    )
    def author(self) -> User | None:
        return User(id=strawberry.ID(self.author_id))


def feed_item(card: Card) -> FeedItem:
    return FeedItem(
        id=strawberry.ID(card.post_id),
        topic=card.topic,
        slug=card.slug,
        preview_text=card.preview_text,
        author_login=card.author_login,
        author_display_name=card.author_name,
        tags=[FeedTag(id=strawberry.ID(str(t["id"])), name=str(t["name"])) for t in card.tags],
        comment_count=card.comment_count,
        reading_minutes=card.reading_minutes,
        published_at=dt.datetime.fromisoformat(card.published_at or card.updated_at),
        updated_at=dt.datetime.fromisoformat(card.updated_at),
        author_id=card.author_id,
        cover_image_id=card.cover_image_id,
        reaction_counts=card.reactions,
    )


@strawberry.type(description="What a rebuild replayed.")
class FeedRebuild:
    posts: int = strawberry.field(description="Posts streamed from posts (any state).")
    authors: int = strawberry.field(description="Author profiles found.")
    removed: int = strawberry.field(description="Cards of posts no longer there (tombstoned).")
    seconds: float


@strawberry.type
class Query:
    @described_field(
        "PUBLISHED posts, newest published first: all of them, or one author's, "
        "or one tag's (not both)."
    )
    async def feed(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        author_id: strawberry.ID | None = None,
        tag_id: strawberry.ID | None = None,
    ) -> Connection[FeedItem]:
        page = await info.context.state.pages.page(
            first=first,
            after=after,
            author_id=None if author_id is None else str(author_id),
            tag_id=None if tag_id is None else str(tag_id),
        )
        return page.connection(feed_item)


@strawberry.type
class Mutation:
    @described_mutation(
        "OWNER only: replay every post from posts (and author names from "
        "profiles) into the read model; `clear` first empties it."
    )
    async def rebuild_feed(self, info: Info, clear: bool = False) -> FeedRebuild:
        info.context.require_viewer().require(Role.OWNER)
        result = await info.context.state.rebuild(clear)
        return FeedRebuild(
            posts=result.posts,
            authors=result.authors,
            removed=result.removed,
            seconds=result.seconds,
        )


schema = make_schema(query=Query, mutation=Mutation, types=[Post, User, FeedItem, Image])

__all__ = ["FeedState", "schema"]

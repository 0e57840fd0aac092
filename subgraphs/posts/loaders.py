"""Per-request DataLoaders of the posts schema: every per-entity field (Post entities,
Post.tags, Post.comments, User.posts) is read with one query per field and arguments for all
the parents of an execution step."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from common.errors import AppError
from common.graphql import RequestContext
from common.pagination import Connection, Page
from subgraphs.posts import models
from subgraphs.posts.reactions import Subject
from subgraphs.posts.service import PostsService

K = TypeVar("K")
V = TypeVar("V")
N = TypeVar("N")
R = TypeVar("R")


@dataclass(frozen=True)
class PostsState:
    """What every request of this service shares (`info.context.state`)."""

    service: PostsService


Info = strawberry.Info[RequestContext[PostsState], None]


def service_of(info: Info) -> PostsService:
    return info.context.state.service


def loader(
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
    found: DataLoader[K, V] = loaders[name]
    return found


def arguments(field: str, *values: object) -> str:
    """A loader name per field and arguments: parents asking alike share one query."""
    return f"{field}:{json.dumps(values, default=str)}"


def post_loader(info: Info) -> DataLoader[uuid.UUID, models.Post | None]:
    service = service_of(info)

    async def load(ids: list[uuid.UUID]) -> list[models.Post | None]:
        found = await service.posts.posts_by_ids(ids)
        return [found.get(i) for i in ids]

    return loader(info, "posts", load)


def tags_loader(info: Info) -> DataLoader[uuid.UUID, list[models.Tag]]:
    service = service_of(info)

    async def load(ids: list[uuid.UUID]) -> list[list[models.Tag]]:
        found = await service.tags.tags_by_post(ids)
        return [found[i] for i in ids]

    return loader(info, "post_tags", load, cache=False)


def comments_loader(
    info: Info, first: int | None, after: str | None
) -> DataLoader[uuid.UUID, Page[models.Comment]]:
    """`Post.comments(first, after)` of every post of a step in one query."""
    service, viewer = service_of(info), info.context.viewer

    async def load(ids: list[uuid.UUID]) -> list[Page[models.Comment]]:
        pages = await service.comments.list_comments_of_posts(
            viewer=viewer, post_ids=ids, first=first, after=after
        )
        return [pages[i] for i in ids]

    return loader(info, arguments("post_comments", first, after), load, cache=False)


def user_posts_loader(
    info: Info, first: int | None, after: str | None, state: models.State | None
) -> DataLoader[str, Page[models.Post]]:
    """`User.posts(first, after, state)` of every user of a step in one query; a user whose
    list is refused (a bad id, a state they may not list) gets its own error."""
    service, viewer = service_of(info), info.context.viewer

    async def load(author_ids: list[str]) -> list[Page[models.Post] | AppError]:
        return await service.posts.list_posts_of_authors(
            viewer=viewer, author_ids=author_ids, first=first, after=after, state=state
        )

    return loader(info, arguments("user_posts", first, after, state), load, cache=False)


def trusted_loader(info: Info) -> DataLoader[str, bool]:
    """`User.trustedAuthor` of every user of a step in one query (read afresh after a
    mutation: `setTrustedAuthor` returns the user)."""
    service = service_of(info)

    async def load(user_ids: list[str]) -> list[bool]:
        ids: dict[str, uuid.UUID] = {}
        for user_id in user_ids:
            with contextlib.suppress(ValueError):
                ids[user_id] = uuid.UUID(user_id)
        trusted = await service.authors.trusted(list(ids.values()))
        return [ids.get(user_id) in trusted for user_id in user_ids]

    return loader(info, "trusted_authors", load, cache=False)


def bookmarked_loader(info: Info) -> DataLoader[uuid.UUID, bool]:
    """`Post.viewerBookmarked` of every post of a step in one query (read afresh after a
    mutation: `bookmark` returns the post)."""
    service, viewer = service_of(info), info.context.viewer

    async def load(ids: list[uuid.UUID]) -> list[bool]:
        marked = await service.bookmarks.bookmarked(viewer, ids)
        return [i in marked for i in ids]

    return loader(info, "viewer_bookmarked", load, cache=False)


def reaction_counts_loader(info: Info) -> DataLoader[Subject, dict[str, int]]:
    """Reaction counts of every post or comment of a step in one query."""
    service = service_of(info)

    async def load(subjects: list[Subject]) -> list[dict[str, int]]:
        found = await service.reactions.counts(subjects)
        return [found[subject] for subject in subjects]

    return loader(info, "reaction_counts", load, cache=False)


def viewer_reactions_loader(info: Info) -> DataLoader[Subject, set[str]]:
    """The viewer's own reactions on every post or comment of a step in one query."""
    service, viewer = service_of(info), info.context.viewer

    async def load(subjects: list[Subject]) -> list[set[str]]:
        found = await service.reactions.viewer_kinds(viewer, subjects)
        return [found[subject] for subject in subjects]

    return loader(info, "viewer_reactions", load, cache=False)


def page_of(page: Page[R], convert: Callable[[R], N]) -> Connection[N]:
    return page.connection(convert)

"""The feed's gRPC clients: posts' StreamPosts (every post, for rebuilds) and profiles'
GetProfiles (author names), adapted to the shapes FeedStore.rebuild takes."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any

import grpc

from common.grpc import app_error_from_rpc, client_channel
from protos.indefinite.posts.v1 import posts_pb2, posts_pb2_grpc
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.feed.events import iso
from subgraphs.feed.service import FeedStore, Profile, RebuildResult, StreamedCard
from subgraphs.feed.settings import Settings


def _time(message: Any, name: str) -> str | None:
    if not message.HasField(name):
        return None
    value: dt.datetime = getattr(message, name).ToDatetime(dt.UTC)
    return iso(value)


def card_payload(card: posts_pb2.PostCard) -> StreamedCard:
    """A streamed card in the payload shape of posts' events."""
    return StreamedCard(
        payload={
            "post_id": card.post_id,
            "author_id": card.author_id,
            "topic": card.topic,
            "slug": card.slug,
            "preview_text": card.preview_text,
            "state": card.state,
            "tags": [{"id": t.id, "name": t.name} for t in card.tags],
            "published_at": _time(card, "published_at"),
            "updated_at": _time(card, "updated_at"),
            "cover_image_id": card.cover_image_id or None,
            "reading_minutes": card.reading_minutes or None,
        },
        comment_count=card.published_comment_count,
        reaction_counts=dict(card.reaction_counts),
    )


async def rebuild_from_services(
    store: FeedStore, settings: Settings, *, clear: bool = False, lock_wait: float = 0.0
) -> RebuildResult:
    """Replay posts (StreamPosts, with a long deadline) and author names (GetProfiles);
    RebuildRunning when another rebuild holds the lock for `lock_wait` seconds."""
    deadline = settings.feed_rebuild_deadline_seconds
    async with (
        client_channel(settings.posts_grpc_target, timeout=settings.grpc_timeout_seconds) as posts,
        client_channel(
            settings.profiles_grpc_target, timeout=settings.grpc_timeout_seconds
        ) as profiles,
    ):
        posts_stub: Any = posts_pb2_grpc.PostsServiceStub(posts)  # type: ignore[no-untyped-call]
        profiles_stub: Any = profiles_pb2_grpc.ProfilesServiceStub(profiles)  # type: ignore[no-untyped-call]

        async def stream() -> AsyncIterator[StreamedCard]:
            call = posts_stub.StreamPosts(posts_pb2.StreamPostsRequest(), timeout=deadline)
            try:
                async for card in call:
                    yield card_payload(card)
            except grpc.aio.AioRpcError as exc:
                raise app_error_from_rpc(exc) from exc

        async def lookup(user_ids: Sequence[str]) -> list[Profile]:
            try:
                reply = await profiles_stub.GetProfiles(
                    profiles_pb2.GetProfilesRequest(user_ids=list(user_ids))
                )
            except grpc.aio.AioRpcError as exc:
                raise app_error_from_rpc(exc) from exc
            return [Profile(p.user_id, p.login, p.display_name) for p in reply.profiles]

        return await store.rebuild(stream, lookup, clear=clear, lock_wait=lock_wait)

"""The internal gRPC face (protos/indefinite/posts/v1/posts.proto): posts, comments and tags for
other services' own logic, and the post stream the feed replays to rebuild itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from protos.indefinite.posts.v1 import posts_pb2, posts_pb2_grpc
from subgraphs.posts.models import Comment, Post, Tag
from subgraphs.posts.service import PostsService


def _ts(value: dt.datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _tags(tags: Sequence[Tag]) -> list[posts_pb2.Tag]:
    return [posts_pb2.Tag(id=t.id, name=t.name) for t in tags]


def post_message(post: Post, tags: Sequence[Tag]) -> posts_pb2.Post:
    return posts_pb2.Post(
        id=str(post.id),
        author_id=str(post.author_id),
        topic=post.topic,
        slug=post.slug,
        text=post.text,
        preview_text=post.preview_text,
        state=post.state,
        tags=_tags(tags),
        created_at=_ts(post.created_at),
        updated_at=_ts(post.updated_at),
        published_at=_ts(post.published_at),
    )


def comment_message(comment: Comment) -> posts_pb2.Comment:
    return posts_pb2.Comment(
        post_id=str(comment.post_id),
        id=comment.id,
        author_id=str(comment.author_id),
        parent_id=comment.parent_id,
        text=comment.text,
        state=comment.state,
        created_at=_ts(comment.created_at),
        updated_at=_ts(comment.updated_at),
    )


def card_message(
    post: Post, tags: Sequence[Tag], comments: int, reactions: Mapping[str, int]
) -> posts_pb2.PostCard:
    return posts_pb2.PostCard(
        post_id=str(post.id),
        author_id=str(post.author_id),
        topic=post.topic,
        slug=post.slug,
        preview_text=post.preview_text,
        state=post.state,
        tags=_tags(tags),
        created_at=_ts(post.created_at),
        updated_at=_ts(post.updated_at),
        published_at=_ts(post.published_at),
        published_comment_count=comments,
        cover_image_id=str(post.cover_image_id or ""),
        reading_minutes=post.reading_minutes,
        reaction_counts=dict(reactions),
    )


class PostsServicer(posts_pb2_grpc.PostsServiceServicer):
    def __init__(self, service: PostsService) -> None:
        self.service = service

    async def GetPost(self, request: posts_pb2.GetPostRequest, context: Any) -> posts_pb2.Post:
        post, tags = await self.service.posts.internal_post(post_id=request.id)
        return post_message(post, tags)

    async def GetComment(
        self, request: posts_pb2.GetCommentRequest, context: Any
    ) -> posts_pb2.Comment:
        comment = await self.service.comments.internal_comment(
            post_id=request.post_id, comment_id=request.id
        )
        return comment_message(comment)

    async def ListTags(
        self, request: posts_pb2.ListTagsRequest, context: Any
    ) -> posts_pb2.ListTagsResponse:
        return posts_pb2.ListTagsResponse(tags=_tags(await self.service.tags.all_tags()))

    async def StreamPosts(
        self, request: posts_pb2.StreamPostsRequest, context: Any
    ) -> AsyncIterator[posts_pb2.PostCard]:
        since = request.since.ToDatetime(dt.UTC) if request.HasField("since") else None
        async for post, tags, comments, reactions in self.service.posts.stream_cards(since=since):
            yield card_message(post, tags, comments, reactions)


def register(service: PostsService) -> Any:
    def add(server: grpc.aio.Server) -> None:
        posts_pb2_grpc.add_PostsServiceServicer_to_server(  # type: ignore[no-untyped-call]
            PostsServicer(service), server
        )

    return add

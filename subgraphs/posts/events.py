"""What posts publishes (through the outbox; a relay ships rows to Kafka), as declared in
common/contracts/posts.py: posts.post.v1 (post cards), posts.comment.v1 (comment cards, keyed by
the post id) and posts.tag.v1. The service consumes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.posts import (
    COMMENT,
    POST,
    TAG,
    CommentCard,
    CommentEvent,
    PostCard,
    PostEvent,
    TagChanged,
    TagEvent,
    TagRef,
)
from common.outbox import add_event
from subgraphs.posts.models import Comment, Post, Tag, outbox

__all__ = ["CommentEvent", "PostEvent", "TagEvent", "comment_event", "post_event", "tag_event"]


def post_card(post: Post, tags: Sequence[Tag], **extra: Any) -> PostCard:
    """The denormalised post the feed keeps (no full text)."""
    ordered = sorted(tags, key=lambda t: t.id)
    return PostCard(
        post_id=post.id,
        author_id=post.author_id,
        topic=post.topic,
        slug=post.slug,
        preview_text=post.preview_text,
        state=post.state,
        tag_ids=[t.id for t in ordered],
        tags=[TagRef(id=t.id, name=t.name) for t in ordered],
        created_at=post.created_at,
        published_at=post.published_at,
        updated_at=post.updated_at,
        cover_image_id=post.cover_image_id,
        reading_minutes=post.reading_minutes,
        publish_at=post.publish_at,
        **extra,
    )


def comment_card(comment: Comment, **extra: Any) -> CommentCard:
    return CommentCard(
        post_id=comment.post_id,
        comment_id=comment.id,
        author_id=comment.author_id,
        parent_id=comment.parent_id,
        state=comment.state,
        created_at=comment.created_at,
        **extra,
    )


async def post_event(
    session: AsyncSession,
    type: PostEvent,
    post: Post,
    tags: Sequence[Tag],
    **extra: Any,
) -> dict[str, Any]:
    """`extra`: the optional PostCard fields (previous_state, previous_tag_ids, actor_id)."""
    return await add_event(
        session,
        outbox,
        topic=POST.name,
        key=str(post.id),
        type=type.value,
        payload=POST.dump(post_card(post, tags, **extra)),
    )


async def comment_event(
    session: AsyncSession,
    type: CommentEvent,
    comment: Comment,
    *,
    actor_id: uuid.UUID | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """`extra`: the optional CommentCard fields (previous_state, post/parent author ids)."""
    if actor_id is not None:
        extra["actor_id"] = actor_id
    return await add_event(
        session,
        outbox,
        topic=COMMENT.name,
        key=str(comment.post_id),
        type=type.value,
        payload=COMMENT.dump(comment_card(comment, **extra)),
    )


async def tag_event(
    session: AsyncSession, type: TagEvent, tag: Tag, **extra: Any
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=TAG.name,
        key=str(tag.id),
        type=type.value,
        payload=TAG.dump(TagChanged(tag_id=tag.id, name=tag.name, **extra)),
    )

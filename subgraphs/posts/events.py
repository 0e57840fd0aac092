"""What posts publishes (through the outbox; a relay ships rows to Kafka).

    topic              key       types
    posts.post.v1      post id   PostCreated, PostUpdated, PostStateChanged, PostTagsChanged,
                                 PostDeleted                    payload: the post card
    posts.comment.v1   post id   CommentAdded, CommentEdited, CommentStateChanged,
                                 CommentDeleted                 payload: the comment card
    posts.tag.v1       tag id    TagCreated, TagRenamed         payload: {tag_id, name, ...}

Comment events are keyed by their post id, so a consumer sees a post's comments in order.
The service consumes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.outbox import add_event
from subgraphs.posts.models import Comment, Post, Tag, outbox

POST_TOPIC = "posts.post.v1"
COMMENT_TOPIC = "posts.comment.v1"
TAG_TOPIC = "posts.tag.v1"


class PostEvent(StrEnum):
    CREATED = "PostCreated"
    UPDATED = "PostUpdated"
    STATE_CHANGED = "PostStateChanged"
    TAGS_CHANGED = "PostTagsChanged"
    DELETED = "PostDeleted"


class CommentEvent(StrEnum):
    ADDED = "CommentAdded"
    EDITED = "CommentEdited"
    STATE_CHANGED = "CommentStateChanged"
    DELETED = "CommentDeleted"


class TagEvent(StrEnum):
    CREATED = "TagCreated"
    RENAMED = "TagRenamed"


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def post_card(post: Post, tags: Sequence[Tag]) -> dict[str, Any]:
    """The denormalised post the feed keeps (no full text)."""
    ordered = sorted(tags, key=lambda t: t.id)
    return {
        "post_id": str(post.id),
        "author_id": str(post.author_id),
        "topic": post.topic,
        "slug": post.slug,
        "preview_text": post.preview_text,
        "state": post.state,
        "tag_ids": [t.id for t in ordered],
        "tags": [{"id": t.id, "name": t.name} for t in ordered],
        "created_at": _iso(post.created_at),
        "published_at": _iso(post.published_at),
        "updated_at": _iso(post.updated_at),
        "cover_image_id": None if post.cover_image_id is None else str(post.cover_image_id),
    }


def comment_card(comment: Comment) -> dict[str, Any]:
    return {
        "post_id": str(comment.post_id),
        "comment_id": comment.id,
        "author_id": str(comment.author_id),
        "parent_id": comment.parent_id,
        "state": comment.state,
        "created_at": _iso(comment.created_at),
    }


async def post_event(
    session: AsyncSession,
    type: PostEvent,
    post: Post,
    tags: Sequence[Tag],
    **extra: Any,
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=POST_TOPIC,
        key=str(post.id),
        type=type.value,
        payload={**post_card(post, tags), **extra},
    )


async def comment_event(
    session: AsyncSession, type: CommentEvent, comment: Comment, **extra: Any
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=COMMENT_TOPIC,
        key=str(comment.post_id),
        type=type.value,
        payload={**comment_card(comment), **extra},
    )


async def tag_event(
    session: AsyncSession, type: TagEvent, tag: Tag, **extra: Any
) -> dict[str, Any]:
    return await add_event(
        session,
        outbox,
        topic=TAG_TOPIC,
        key=str(tag.id),
        type=type.value,
        payload={"tag_id": tag.id, "name": tag.name, **extra},
    )

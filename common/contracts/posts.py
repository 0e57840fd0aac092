"""What posts publishes (through its outbox; a relay ships rows to Kafka).

    topic              key       types                                        payload
    posts.post.v1      post id   PostCreated, PostUpdated, PostStateChanged,  PostCard
                                 PostTagsChanged, PostDeleted
    posts.comment.v1   post id   CommentAdded, CommentEdited,                 CommentCard
                                 CommentStateChanged, CommentDeleted
    posts.tag.v1       tag id    TagCreated, TagRenamed                       TagChanged
    posts.reaction.v1  post id   ReactionAdded, ReactionRemoved               ReactionChanged

Comment events are keyed by their post id, so a consumer sees a post's comments in order.
Consumers: feed (cards, counts, reaction counts, tag names), media (PostDeleted),
subscriptions (audiences).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import PlainSerializer

from common.contracts.topic import Contract, Topic

Timestamp = Annotated[
    dt.datetime, PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json")
]
"""A timestamp written as Python's isoformat (what the producers always wrote)."""


class State(StrEnum):
    """The life cycle shared by posts and comments (SCHEDULED: posts only, an approved post
    waiting for its publishAt)."""

    NEW = "NEW"
    ON_MODERATION = "ON_MODERATION"
    PUBLISHED = "PUBLISHED"
    BLOCKED = "BLOCKED"
    DELETED = "DELETED"
    SCHEDULED = "SCHEDULED"


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


class ReactionEvent(StrEnum):
    ADDED = "ReactionAdded"
    REMOVED = "ReactionRemoved"


class ReactionKind(StrEnum):
    """The fixed set of reactions (one of each per user per post or comment)."""

    LIKE = "LIKE"
    INSIGHTFUL = "INSIGHTFUL"
    FUNNY = "FUNNY"


class TagRef(Contract):
    id: int
    name: str


class PostCard(Contract):
    """The denormalised post (no full text) as it is after the change."""

    post_id: uuid.UUID
    author_id: uuid.UUID
    topic: str
    slug: str
    preview_text: str
    state: State
    tag_ids: list[int]
    tags: list[TagRef]
    created_at: Timestamp
    published_at: Timestamp | None
    updated_at: Timestamp
    cover_image_id: uuid.UUID | None = None
    reading_minutes: int | None = None
    """Whole minutes to read the text; absent on events written before it."""
    publish_at: Timestamp | None = None
    """When a SCHEDULED post is to be published (None: not scheduled)."""
    previous_state: State | None = None
    """PostStateChanged, PostDeleted: the state before."""
    previous_tag_ids: list[int] | None = None
    """PostTagsChanged: the tags before."""
    actor_id: uuid.UUID | None = None
    """Who made the change (the author, a moderator); absent on events written before it."""


class CommentCard(Contract):
    """A comment as it is after the change (no text)."""

    post_id: uuid.UUID
    comment_id: int
    author_id: uuid.UUID
    parent_id: int | None
    state: State
    created_at: Timestamp
    previous_state: State | None = None
    """CommentStateChanged, CommentDeleted: the state before."""
    post_author_id: uuid.UUID | None = None
    """The author of the commented post (who hears of comments on their post)."""
    parent_author_id: uuid.UUID | None = None
    """The author of the comment replied to (who hears of replies); None for a top comment."""
    actor_id: uuid.UUID | None = None
    """Who made the change (the commenter, a moderator)."""


class TagChanged(Contract):
    tag_id: int
    name: str
    previous_name: str | None = None
    """TagRenamed: the name before."""


class ReactionChanged(Contract):
    """One user's reaction added to or removed from a post (comment_id None) or a comment;
    only real changes are published (a repeated add or remove writes nothing)."""

    post_id: uuid.UUID
    comment_id: int | None
    user_id: uuid.UUID
    kind: ReactionKind


POST = Topic("posts.post.v1", PostCard, key="the post id")
COMMENT = Topic("posts.comment.v1", CommentCard, key="the post id")
TAG = Topic("posts.tag.v1", TagChanged, key="the tag id")
REACTION = Topic("posts.reaction.v1", ReactionChanged, key="the post id")

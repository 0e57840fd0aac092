"""What the feed consumes (it publishes nothing). One consumer, group FEED_CONSUMER_GROUP
("feed"), on four topics; payloads are validated (a malformed one is a poison message: it goes to
`<topic>.dlq` and the partition moves on).

    posts.post.v1      PostCreated, PostUpdated, PostStateChanged, PostTagsChanged, PostDeleted
                       -> the card, version = payload.updated_at
    posts.comment.v1   CommentAdded, CommentStateChanged, CommentDeleted (CommentEdited: no
                       change) -> published comment count +-1, once per event id
    posts.tag.v1       TagCreated, TagRenamed -> tag names, version = occurred_at
    profiles.user.v1   ProfileCreated, ProfileUpdated, ProfileDeleted -> author names,
                       version = occurred_at (a deleted profile keeps the names on old cards)

Unknown event types are skipped (logged): producers may add types before the feed knows them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict

from common.events import Event, PoisonMessage
from common.logging import get_logger
from subgraphs.feed import models
from subgraphs.feed.service import FeedStore

log = get_logger(__name__)

POST_TOPIC = "posts.post.v1"
COMMENT_TOPIC = "posts.comment.v1"
TAG_TOPIC = "posts.tag.v1"
PROFILE_TOPIC = "profiles.user.v1"
TOPICS = (POST_TOPIC, COMMENT_TOPIC, TAG_TOPIC, PROFILE_TOPIC)

PUBLISHED = models.PUBLISHED


class _Payload(BaseModel):
    model_config = ConfigDict(extra="allow")


class TagRef(_Payload):
    id: int
    name: str


class PostPayload(_Payload):
    post_id: uuid.UUID
    author_id: uuid.UUID
    topic: str
    slug: str
    preview_text: str
    state: str
    tags: list[TagRef]
    published_at: dt.datetime | None
    updated_at: dt.datetime
    cover_image_id: uuid.UUID | None = None

    def card(self) -> dict[str, object]:
        """The payload in the shape `models.card_fields` reads (timestamps as UTC ISO 8601)."""
        return {
            "post_id": str(self.post_id),
            "author_id": str(self.author_id),
            "topic": self.topic,
            "slug": self.slug,
            "preview_text": self.preview_text,
            "state": self.state,
            "tags": [{"id": t.id, "name": t.name} for t in self.tags],
            "published_at": iso(self.published_at),
            "updated_at": iso(self.updated_at),
            "cover_image_id": None if self.cover_image_id is None else str(self.cover_image_id),
        }


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def occurred(event: Event) -> int:
    try:
        return models.micros(event.occurred_at)
    except ValueError as exc:
        raise PoisonMessage(f"occurred_at is not a timestamp: {event.occurred_at!r}") from exc


class CommentPayload(_Payload):
    post_id: uuid.UUID
    comment_id: int
    state: str
    previous_state: str | None = None


class TagPayload(_Payload):
    tag_id: int
    name: str


class ProfilePayload(_Payload):
    user_id: uuid.UUID
    login: str = ""
    display_name: str = ""


def comment_delta(type: str, payload: CommentPayload) -> int:
    """How the event changes the post's count of PUBLISHED comments."""
    was = payload.previous_state == PUBLISHED
    now = payload.state == PUBLISHED
    if type == "CommentAdded":
        return 1 if now else 0
    if type in ("CommentStateChanged", "CommentDeleted"):
        return int(now) - int(was)
    return 0


class FeedHandler:
    """The EventConsumer handler: dispatches on the topic."""

    def __init__(self, store: FeedStore) -> None:
        self.store = store

    async def __call__(self, event: Event) -> None:
        if event.topic == POST_TOPIC:
            await self.post(event)
        elif event.topic == COMMENT_TOPIC:
            await self.comment(event)
        elif event.topic == TAG_TOPIC:
            await self.tag(event)
        elif event.topic == PROFILE_TOPIC:
            await self.profile(event)
        else:
            log.warning("event of an unexpected topic skipped", topic=event.topic)

    def _skip(self, event: Event) -> None:
        log.info("event type not used by the feed", topic=event.topic, event_type=event.type)

    async def post(self, event: Event) -> None:
        if not event.type.startswith("Post"):
            return self._skip(event)
        payload = PostPayload.model_validate(event.payload)
        await self.store.apply_post(
            str(payload.post_id),
            models.card_fields(payload.card()),
            models.micros(payload.updated_at),
            event_id=event.id,
        )

    async def comment(self, event: Event) -> None:
        if not event.type.startswith("Comment"):
            return self._skip(event)
        payload = CommentPayload.model_validate(event.payload)
        delta = comment_delta(event.type, payload)
        if delta:
            await self.store.apply_comment_delta(str(payload.post_id), delta, event_id=event.id)

    async def tag(self, event: Event) -> None:
        if event.type not in ("TagCreated", "TagRenamed"):
            return self._skip(event)
        payload = TagPayload.model_validate(event.payload)
        await self.store.apply_tag(payload.tag_id, payload.name, occurred(event), event_id=event.id)

    async def profile(self, event: Event) -> None:
        if event.type not in ("ProfileCreated", "ProfileUpdated", "ProfileDeleted"):
            return self._skip(event)
        payload = ProfilePayload.model_validate(event.payload)
        version = occurred(event)
        user_id = str(payload.user_id)
        if event.type == "ProfileDeleted":
            current = await self.store.r.hgetall(models.author_key(user_id))
            login, name = current.get("login", ""), current.get("display_name", "")
        else:
            login, name = payload.login, payload.display_name
        await self.store.apply_author(
            user_id,
            login,
            name,
            version,
            deleted=event.type == "ProfileDeleted",
            event_id=event.id,
        )

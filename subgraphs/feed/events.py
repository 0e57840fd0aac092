"""What the feed consumes (it publishes nothing). One consumer, group FEED_CONSUMER_GROUP
("feed"), on five topics; payloads are validated against their contracts in common/contracts/
(a malformed one is a poison message: it goes to `<topic>.dlq` and the partition moves on).

    posts.post.v1      PostCreated, PostUpdated, PostStateChanged, PostTagsChanged, PostDeleted
                       -> the card, version = payload.updated_at
    posts.comment.v1   CommentAdded, CommentStateChanged, CommentDeleted (CommentEdited: no
                       change) -> published comment count +-1, once per event id
    posts.tag.v1       TagCreated, TagRenamed -> tag names, version = occurred_at
    posts.reaction.v1  ReactionAdded, ReactionRemoved on a post (not a comment) -> the card's
                       count of that kind +-1, once per event id
    profiles.user.v1   ProfileCreated, ProfileUpdated, ProfileDeleted -> author names,
                       version = occurred_at (a deleted profile keeps the names on old cards)

Unknown event types are skipped (logged): producers may add types before the feed knows them.
"""

from __future__ import annotations

import datetime as dt

from common.contracts import profiles
from common.contracts.posts import (
    COMMENT,
    POST,
    REACTION,
    TAG,
    CommentCard,
    CommentEvent,
    PostCard,
    ReactionEvent,
    TagEvent,
)
from common.events import Event, PoisonMessage
from common.logging import get_logger
from subgraphs.feed import models
from subgraphs.feed.service import FeedStore

log = get_logger(__name__)

POST_TOPIC = POST.name
COMMENT_TOPIC = COMMENT.name
TAG_TOPIC = TAG.name
REACTION_TOPIC = REACTION.name
PROFILE_TOPIC = profiles.USER.name
TOPICS = (POST_TOPIC, COMMENT_TOPIC, TAG_TOPIC, REACTION_TOPIC, PROFILE_TOPIC)

PUBLISHED = models.PUBLISHED


def card(payload: PostCard) -> dict[str, object]:
    """A post card in the shape `models.card_fields` reads (timestamps as UTC ISO 8601)."""
    return {
        "post_id": str(payload.post_id),
        "author_id": str(payload.author_id),
        "topic": payload.topic,
        "slug": payload.slug,
        "preview_text": payload.preview_text,
        "state": payload.state.value,
        "tags": [{"id": t.id, "name": t.name} for t in payload.tags],
        "published_at": iso(payload.published_at),
        "updated_at": iso(payload.updated_at),
        "cover_image_id": None if payload.cover_image_id is None else str(payload.cover_image_id),
        "reading_minutes": payload.reading_minutes,
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


def comment_delta(type: str, payload: CommentCard) -> int:
    """How the event changes the post's count of PUBLISHED comments."""
    was = payload.previous_state == PUBLISHED
    now = payload.state == PUBLISHED
    if type == CommentEvent.ADDED:
        return 1 if now else 0
    if type in (CommentEvent.STATE_CHANGED, CommentEvent.DELETED):
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
        elif event.topic == REACTION_TOPIC:
            await self.reaction(event)
        elif event.topic == PROFILE_TOPIC:
            await self.profile(event)
        else:
            log.warning("event of an unexpected topic skipped", topic=event.topic)

    def _skip(self, event: Event) -> None:
        log.info("event type not used by the feed", topic=event.topic, event_type=event.type)

    async def post(self, event: Event) -> None:
        if not event.type.startswith("Post"):
            return self._skip(event)
        payload = POST.parse(event.payload)
        await self.store.apply_post(
            str(payload.post_id),
            models.card_fields(card(payload)),
            models.micros(payload.updated_at),
            event_id=event.id,
        )

    async def comment(self, event: Event) -> None:
        if not event.type.startswith("Comment"):
            return self._skip(event)
        payload = COMMENT.parse(event.payload)
        delta = comment_delta(event.type, payload)
        if delta:
            await self.store.apply_comment_delta(str(payload.post_id), delta, event_id=event.id)

    async def reaction(self, event: Event) -> None:
        if event.type not in tuple(ReactionEvent):
            return self._skip(event)
        payload = REACTION.parse(event.payload)
        if payload.comment_id is not None:
            return None  # comments' reactions are read from posts, not kept on cards
        delta = 1 if event.type == ReactionEvent.ADDED else -1
        await self.store.apply_reaction_delta(
            str(payload.post_id), payload.kind.value, delta, event_id=event.id
        )
        return None

    async def tag(self, event: Event) -> None:
        if event.type not in (TagEvent.CREATED, TagEvent.RENAMED):
            return self._skip(event)
        payload = TAG.parse(event.payload)
        await self.store.apply_tag(payload.tag_id, payload.name, occurred(event), event_id=event.id)

    async def profile(self, event: Event) -> None:
        if event.type not in tuple(profiles.ProfileEvent):
            return self._skip(event)
        payload = profiles.USER.parse(event.payload)
        version = occurred(event)
        user_id = str(payload.user_id)
        if event.type == profiles.ProfileEvent.DELETED:
            current = await self.store.r.hgetall(models.author_key(user_id))
            login, name = current.get("login", ""), current.get("display_name", "")
        else:
            login, name = payload.login, payload.display_name
        await self.store.apply_author(
            user_id,
            login,
            name,
            version,
            deleted=event.type == profiles.ProfileEvent.DELETED,
            event_id=event.id,
        )

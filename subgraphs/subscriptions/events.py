"""What subscriptions consumes and publishes (contracts in common/contracts/).

Consumes (group SUBSCRIPTIONS_CONSUMER_GROUP; each event applied once, in one transaction with
its processed-events record):

    posts.post.v1      PostCreated: the post is known, its author follows its thread;
                       PostStateChanged to PUBLISHED the first time: a fan-out job to the
                       author's and the tags' followers (NEW_POST_BY_AUTHOR, NEW_POST_IN_TAG);
                       a moderator's PUBLISHED / BLOCKED: MODERATION to the author;
                       PostDeleted: the thread's follows go; others: the post as it is now
    posts.comment.v1   a comment PUBLISHED (added so, or moderated so): a job to the replied
                       comment's author (REPLY_TO_COMMENT), the post's author (COMMENT_ON_POST)
                       and the thread's followers (COMMENT_IN_THREAD); CommentAdded: the
                       commenter follows the thread (their setting); a moderator's BLOCKED:
                       MODERATION to the commenter
    posts.tag.v1       the tag is known (followable)
    auth.user.v1       role and state; BLOCKED or DELETED: the account's follows go
    profiles.user.v1   ProfileCreated: the user is known; ProfileDeleted: follows go

Publishes (through the outbox; fanout.py): subscriptions.notification-request.v1, keyed by the
recipient, and the messages of PutEvent / PutSendEmailEvent (upstream.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts import auth, posts, profiles
from common.contracts.posts import CommentCard, PostCard, State
from common.contracts.subscriptions import NotificationType
from common.events import Event
from common.logging import get_logger
from subgraphs.subscriptions import follows
from subgraphs.subscriptions.fanout import Source, Spec, create_job
from subgraphs.subscriptions.models import Kind, Post, Tag, User
from subgraphs.subscriptions.users import upsert_user

log = get_logger(__name__)
T = NotificationType
TOPICS = (posts.POST.name, posts.COMMENT.name, posts.TAG.name, auth.USER.name, profiles.USER.name)


class SubscriptionsHandler:
    """`apply(session, event)` for common.events.once_in_postgres; `created` is called with
    each job written (the runner wakes up)."""

    def __init__(self, created: Callable[[], None] = lambda: None) -> None:
        self.created = created

    async def __call__(self, session: AsyncSession, event: Event) -> None:
        if event.topic == posts.POST.name:
            await self.post(session, event, posts.POST.parse(event.payload))
        elif event.topic == posts.COMMENT.name:
            await self.comment(session, event, posts.COMMENT.parse(event.payload))
        elif event.topic == posts.TAG.name:
            tag = posts.TAG.parse(event.payload)
            await session.execute(
                insert(Tag)
                .values(tag_id=tag.tag_id, name=tag.name)
                .on_conflict_do_update(index_elements=["tag_id"], set_={"name": tag.name})
            )
        elif event.topic == auth.USER.name:
            await self.account(session, event, auth.USER.parse(event.payload))
        elif event.topic == profiles.USER.name:
            profile = profiles.USER.parse(event.payload)
            if event.type == profiles.ProfileEvent.DELETED:
                await upsert_user(session, profile.user_id, state="DELETED")
                await follows.remove_user(session, profile.user_id)
            else:
                await upsert_user(session, profile.user_id, state=None)

    async def _job(self, session: AsyncSession, spec: Spec, subject_key: str) -> None:
        if await create_job(session, spec, subject_key):
            log.info("fan-out job created", job=spec.event_id, subject=subject_key)
            self.created()

    # -- accounts ----------------------------------------------------------------------------

    async def account(self, session: AsyncSession, event: Event, user: auth.UserChanged) -> None:
        await upsert_user(session, user.user_id, role=user.role, state=user.state)
        if user.state in follows.GONE_STATES:
            await follows.remove_user(session, user.user_id)

    # -- posts -------------------------------------------------------------------------------

    async def post(self, session: AsyncSession, event: Event, card: PostCard) -> None:
        values = {
            "author_id": card.author_id,
            "state": card.state.value,
            "topic": card.topic[:500],
            "slug": card.slug[:200],
        }
        await session.execute(
            insert(Post)
            .values(post_id=card.post_id, **values)
            .on_conflict_do_update(index_elements=["post_id"], set_=values)
        )
        thread = follows.Target(Kind.POST, str(card.post_id))
        if event.type == posts.PostEvent.CREATED:
            await follows.add_follow(session, card.author_id, thread)
        elif event.type == posts.PostEvent.DELETED:
            await follows.remove_target(session, thread)
        elif event.type == posts.PostEvent.STATE_CHANGED:
            if card.state == State.PUBLISHED and card.previous_state != State.PUBLISHED:
                await self._job(
                    session, published_spec(event, card), f"published:post:{card.post_id}"
                )
            if moderated(card.actor_id, card.author_id, card.state):
                await self._job(
                    session,
                    moderation_spec(
                        event, card.author_id, card.actor_id, "POST", str(card.post_id), card.state
                    ),
                    f"moderated:{event.id}",
                )

    async def comment(self, session: AsyncSession, event: Event, card: CommentCard) -> None:
        thread = follows.Target(Kind.POST, str(card.post_id))
        if event.type == posts.CommentEvent.ADDED:
            wants = await session.get(User, card.author_id)
            if wants is None or wants.follow_commented_threads:
                await follows.add_follow(session, card.author_id, thread)
        first_published = card.state == State.PUBLISHED and (
            event.type == posts.CommentEvent.ADDED
            or (
                event.type == posts.CommentEvent.STATE_CHANGED
                and card.previous_state in (State.NEW, State.ON_MODERATION)
            )
        )
        subject = f"{card.post_id}/{card.comment_id}"
        if first_published:
            post = await session.get(Post, card.post_id)
            await self._job(
                session, comment_spec(event, card, post), f"published:comment:{subject}"
            )
        if event.type == posts.CommentEvent.STATE_CHANGED and moderated(
            card.actor_id, card.author_id, card.state
        ):
            await self._job(
                session,
                moderation_spec(
                    event, card.author_id, card.actor_id, "COMMENT", subject, card.state
                ),
                f"moderated:{event.id}",
            )


def moderated(actor: uuid.UUID | None, author: uuid.UUID, state: State) -> bool:
    """A moderator (not the author) published or blocked it."""
    return actor is not None and actor != author and state in (State.PUBLISHED, State.BLOCKED)


def published_spec(event: Event, card: PostCard) -> Spec:
    return Spec(
        event_id=event.id,
        sources=[
            Source(
                type=T.NEW_POST_BY_AUTHOR, kind=Kind.AUTHOR.value, target_id=str(card.author_id)
            ),
            *(
                Source(type=T.NEW_POST_IN_TAG, kind=Kind.TAG.value, target_id=str(tag))
                for tag in card.tag_ids
            ),
        ],
        actor_id=card.author_id,
        subject_kind="POST",
        subject_id=str(card.post_id),
        data={
            "post_id": str(card.post_id),
            "author_id": str(card.author_id),
            "topic": card.topic,
            "slug": card.slug,
            "preview_text": card.preview_text[:500],
            "tags": ", ".join(t.name for t in card.tags),
        },
    )


def comment_spec(event: Event, card: CommentCard, post: Post | None) -> Spec:
    sources = []
    if card.parent_author_id is not None:
        sources.append(Source(type=T.REPLY_TO_COMMENT, recipients=[card.parent_author_id]))
    post_author = card.post_author_id or (post.author_id if post is not None else None)
    if post_author is not None:
        sources.append(Source(type=T.COMMENT_ON_POST, recipients=[post_author]))
    sources.append(
        Source(type=T.COMMENT_IN_THREAD, kind=Kind.POST.value, target_id=str(card.post_id))
    )
    data = {"post_id": str(card.post_id), "comment_id": str(card.comment_id)}
    if post is not None:
        data |= {"topic": post.topic, "slug": post.slug}
    return Spec(
        event_id=event.id,
        sources=sources,
        actor_id=card.author_id,
        subject_kind="COMMENT",
        subject_id=f"{card.post_id}/{card.comment_id}",
        data=data,
    )


def moderation_spec(
    event: Event, author: uuid.UUID, actor: uuid.UUID | None, kind: str, subject: str, state: State
) -> Spec:
    return Spec(
        event_id=f"{event.id}:moderation",
        sources=[Source(type=T.MODERATION, recipients=[author])],
        actor_id=actor,
        subject_kind=kind,
        subject_id=subject,
        data={"state": state.value},
    )


__all__ = ["TOPICS", "SubscriptionsHandler"]

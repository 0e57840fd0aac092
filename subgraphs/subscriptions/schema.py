"""The GraphQL face of subscriptions: follows, preferences, unsubscribe links; `User`, `Tag`
and `Post` (owned by profiles and posts) extended with follower counts and `viewerFollows`,
every per-entity field batched through per-request DataLoaders (a feed page of 20 cards costs
one query per field kind, see loaders.py)."""

from __future__ import annotations

import datetime as dt

import strawberry

from common.auth import Role
from common.contracts.subscriptions import Cadence, Channel, NotificationType
from common.errors import Forbidden
from common.graphql import described_field, described_mutation, make_schema
from common.pagination import Connection
from subgraphs.subscriptions import models, preferences
from subgraphs.subscriptions.follows import Target
from subgraphs.subscriptions.loaders import (
    Info,
    counts_loader,
    follows_loader,
    service_of,
    user_uuid,
    viewer_id,
)

strawberry.enum(models.Kind, name="FollowKind", description="What a user follows.")
strawberry.enum(NotificationType, description="What a notification is about.")
strawberry.enum(Channel, name="NotificationChannel", description="How it reaches the user.")
strawberry.enum(Cadence, name="EmailCadence", description="When its email goes out.")


async def _viewer_follows(info: Info, kind: models.Kind, id: str) -> bool:
    if info.context.viewer is None:
        return False
    return await follows_loader(info).load(Target(kind, id))


@strawberry.federation.type(keys=["id"], description="A user (owned by profiles).")
class User:
    id: strawberry.ID

    @described_field("How many users follow this user as an author.")
    async def followers_count(self, info: Info) -> int:
        return (await counts_loader(info).load(user_uuid(self.id)))[0]

    @described_field("How many authors, tags and threads this user follows.")
    async def following_count(self, info: Info) -> int:
        return (await counts_loader(info).load(user_uuid(self.id)))[1]

    @described_field("Whether the viewer follows this user (false for anonymous viewers).")
    async def viewer_follows(self, info: Info) -> bool:
        return await _viewer_follows(info, models.Kind.AUTHOR, str(user_uuid(self.id)))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id)


@strawberry.federation.type(keys=["id"], description="A tag (owned by posts).")
class Tag:
    id: strawberry.ID

    @described_field("Whether the viewer follows this tag.")
    async def viewer_follows(self, info: Info) -> bool:
        return await _viewer_follows(info, models.Kind.TAG, str(self.id))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Tag:
        return Tag(id=id)


@strawberry.federation.type(keys=["id"], description="A post (owned by posts).")
class Post:
    id: strawberry.ID

    @described_field("Whether the viewer follows this post's comment thread.")
    async def viewer_follows(self, info: Info) -> bool:
        return await _viewer_follows(info, models.Kind.POST, str(self.id))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Post:
        return Post(id=id)


@strawberry.type(description="One thing the viewer follows.")
class Follow:
    kind: models.Kind
    target_id: strawberry.ID
    created_at: dt.datetime

    @described_field("The author followed (kind AUTHOR).")
    def user(self) -> User | None:
        return User(id=self.target_id) if self.kind == models.Kind.AUTHOR else None

    @described_field("The tag followed (kind TAG).")
    def tag(self) -> Tag | None:
        return Tag(id=self.target_id) if self.kind == models.Kind.TAG else None

    @described_field("The post whose thread is followed (kind POST).")
    def post(self) -> Post | None:
        return Post(id=self.target_id) if self.kind == models.Kind.POST else None


def follow_type(row: models.Follow) -> Follow:
    return Follow(
        kind=models.Kind(row.kind),
        target_id=strawberry.ID(row.target_id),
        created_at=row.created_at,
    )


@strawberry.type(description="What the viewer wants for one notification type.")
class NotificationPreference:
    type: NotificationType
    channels: list[Channel]
    email_cadence: Cadence


def preference_type(choice: preferences.Choice) -> NotificationPreference:
    return NotificationPreference(
        type=choice.type, channels=sorted(choice.channels), email_cadence=choice.email_cadence
    )


@strawberry.input(description="The whole choice for one type (channels replace the old ones).")
class NotificationPreferenceInput:
    type: NotificationType
    channels: list[Channel]
    email_cadence: Cadence = Cadence.IMMEDIATE


@strawberry.type(description="What a one-click unsubscribe turned off.")
class Unsubscribed:
    type: NotificationType


@strawberry.type
class Query:
    @described_field("What the viewer follows, newest first (of one kind if given).")
    async def my_follows(
        self,
        info: Info,
        kind: models.Kind | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Follow]:
        page = await service_of(info).follows.mine(viewer_id(info), kind, first, after)
        return page.connection(follow_type)

    @described_field("Every notification type with the viewer's channels and email cadence.")
    async def my_notification_preferences(self, info: Info) -> list[NotificationPreference]:
        return [preference_type(c) for c in await service_of(info).preferences.of(viewer_id(info))]

    @described_field("The viewer's one-click unsubscribe link for a type (for email footers).")
    async def my_unsubscribe_link(self, info: Info, type: NotificationType) -> str:
        return await service_of(info).unsubscribe_link(viewer_id(info), type)


@strawberry.type
class Mutation:
    @described_mutation(
        "Follow an author, a tag or a post's thread (idempotent). NOT_FOUND for an unknown, "
        "deleted or blocked target; BAD_USER_INPUT for oneself."
    )
    async def follow(self, info: Info, target: models.Kind, id: strawberry.ID) -> Follow:
        me = viewer_id(info)
        found = await service_of(info).follows.follow(me, target, str(id))
        return Follow(
            kind=target, target_id=strawberry.ID(found.id), created_at=dt.datetime.now(dt.UTC)
        )

    @described_mutation("Stop following (idempotent: true when a follow was removed).")
    async def unfollow(self, info: Info, target: models.Kind, id: strawberry.ID) -> bool:
        return await service_of(info).follows.unfollow(viewer_id(info), target, str(id))

    @described_mutation(
        "Set the given types' channels and email cadence (others keep theirs). "
        "ACCOUNT_SECURITY always keeps EMAIL and IN_APP."
    )
    async def update_notification_preferences(
        self, info: Info, preferences: list[NotificationPreferenceInput]
    ) -> list[NotificationPreference]:
        changes = [preferences_choice(p.type, p.channels, p.email_cadence) for p in preferences]
        updated = await service_of(info).preferences.update(viewer_id(info), changes)
        return [preference_type(c) for c in updated]

    @described_mutation("Whether commenting on a post follows its thread (on by default).")
    async def set_follow_commented_threads(self, info: Info, on: bool) -> bool:
        return await service_of(info).set_follow_commented_threads(viewer_id(info), on)

    @described_mutation(
        "One-click unsubscribe with the token of an email link (no sign-in needed). "
        "BAD_USER_INPUT when it is altered, used or revoked."
    )
    async def unsubscribe(self, info: Info, token: str) -> Unsubscribed:
        content = await service_of(info).unsubscribe(token)
        return Unsubscribed(type=content.type)

    @described_mutation("Make every unsubscribe link of the viewer for this type stop working.")
    async def revoke_unsubscribe_links(self, info: Info, type: NotificationType) -> bool:
        await service_of(info).revoke_links(viewer_id(info), type)
        return True

    @described_mutation(
        "Upstream's PutEvent (OWNER): publish `eventBody` on the topic named by `eventType` "
        "(UPSTREAM_EVENT_TOPICS; others BAD_USER_INPUT). Returns the event id."
    )
    async def put_event(self, info: Info, event_type: str, event_body: str) -> strawberry.ID:
        _owner(info)
        return strawberry.ID(await service_of(info).upstream.put_event(event_type, event_body))

    @described_mutation("Upstream's PutSendEmailEvent (OWNER): request one email.")
    async def put_send_email_event(
        self, info: Info, sender: str, recepient: str, subject: str, body: str
    ) -> strawberry.ID:
        _owner(info)
        event_id = await service_of(info).upstream.put_email(
            sender=sender, recipient=recepient, subject=subject, body=body
        )
        return strawberry.ID(event_id)


def preferences_choice(
    type: NotificationType, channels: list[Channel], cadence: Cadence
) -> preferences.Choice:
    return preferences.Choice(type, frozenset(channels), cadence)


def _owner(info: Info) -> None:
    viewer = info.context.require_viewer()
    if viewer.role != Role.OWNER:
        raise Forbidden("Only an OWNER publishes events")


schema = make_schema(query=Query, mutation=Mutation, types=[User, Tag, Post])

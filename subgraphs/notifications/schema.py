"""The GraphQL face of notifications: the viewer's in-app inbox on `User` (through federation;
only the user themself may read it) and the web-push subscriptions of their browsers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import strawberry
import structlog
from strawberry.dataloader import DataLoader

from common.errors import Forbidden
from common.graphql import RequestContext, described_field, described_mutation, make_schema
from common.pagination import Connection
from subgraphs.notifications.channels.base import PermanentFailure, TransientFailure
from subgraphs.notifications.inbox import Inbox, parse_ids
from subgraphs.notifications.messages import Composer
from subgraphs.notifications.models import InboxItem
from subgraphs.notifications.models import PushSubscription as PushSubscriptionRow
from subgraphs.notifications.push_subscriptions import PushSubscriptions
from subgraphs.notifications.recipients import Directory
from subgraphs.notifications.templates import DEFAULT_LOCALE


@dataclass
class State:
    """What the resolvers use (RequestContext.state)."""

    inbox: Inbox
    push: PushSubscriptions
    composer: Composer
    directory: Directory
    vapid_public_key: str | None = None
    """The application server key browsers subscribe with; None when push is not configured."""


Info = strawberry.Info[RequestContext[State], None]
log = structlog.get_logger(__name__)


def actor_names(info: Info) -> DataLoader[uuid.UUID, str]:
    """The actors of a page of notifications, named in one profiles call per request. A name
    profiles cannot give (unknown user, profiles down) reads as empty: the title still reads
    ("published “…”") and the inbox keeps working."""
    loaders = info.context.loaders
    if "actor_names" not in loaders:
        directory = info.context.state.directory

        async def load(ids: list[uuid.UUID]) -> list[str]:
            try:
                names = await directory.display_names(ids)
            except (TransientFailure, PermanentFailure) as exc:
                log.warning("inbox.actor_names_unavailable", error=str(exc))
                names = {}
            return [names.get(i, "") for i in ids]

        loaders["actor_names"] = DataLoader(load_fn=load)
    found: DataLoader[uuid.UUID, str] = loaders["actor_names"]
    return found


def _own(info: Info, user_id: strawberry.ID) -> uuid.UUID:
    viewer = info.context.require_viewer()
    if str(viewer.user_id) != str(user_id):
        raise Forbidden("Only the user themself can read their notifications")
    return viewer.user_id


@strawberry.type(description="One notification in the in-app inbox.")
class Notification:
    id: strawberry.ID
    type: str = strawberry.field(
        description="What happened: NEW_POST_BY_AUTHOR, COMMENT_ON_POST, ... (as in preferences)."
    )
    url: str | None = strawberry.field(description="Where the notification leads.")
    subject_kind: str | None
    subject_id: str | None
    created_at: dt.datetime
    read_at: dt.datetime | None
    actor_id: strawberry.Private[uuid.UUID | None]
    row: strawberry.Private[InboxItem]

    @described_field("Whether it was marked read.")
    def read(self) -> bool:
        return self.read_at is not None

    @described_field("Who caused it (null for system notifications).")
    def actor(self) -> User | None:
        return None if self.actor_id is None else User(id=strawberry.ID(str(self.actor_id)))

    @described_field(
        "A one-line summary, in `locale` (en or ru; English by default), naming the actor as "
        "their profile reads now."
    )
    async def title(self, info: Info, locale: str | None = None) -> str:
        name = "" if self.actor_id is None else await actor_names(info).load(self.actor_id)
        return info.context.state.composer.inbox_title(self.row, locale or DEFAULT_LOCALE, name)

    @classmethod
    def from_row(cls, row: InboxItem, composer: Composer) -> Notification:
        return cls(
            id=strawberry.ID(str(row.id)),
            type=row.type,
            url=composer.inbox_link(row),
            subject_kind=row.subject_kind,
            subject_id=row.subject_id,
            created_at=row.created_at,
            read_at=row.read_at,
            actor_id=row.actor_id,
            row=row,
        )


@strawberry.federation.type(keys=["id"], description="A user (owned by profiles).")
class User:
    id: strawberry.ID

    @described_field("The user's in-app notifications, newest first (only for themself).")
    async def notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool = False,
    ) -> Connection[Notification]:
        user_id = _own(info, self.id)
        state = info.context.state
        page = await state.inbox.list(
            user_id=user_id, first=first, after=after, unread_only=unread_only
        )
        return page.connection(lambda row: Notification.from_row(row, state.composer))

    @described_field("How many of the user's notifications are unread (only for themself).")
    async def unread_notifications_count(self, info: Info) -> int:
        return await info.context.state.inbox.unread_count(user_id=_own(info, self.id))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id)


@strawberry.type(description="A browser's web-push subscription.")
class PushSubscription:
    id: strawberry.ID
    endpoint: str
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: PushSubscriptionRow) -> PushSubscription:
        return cls(id=strawberry.ID(str(row.id)), endpoint=row.endpoint, created_at=row.created_at)


@strawberry.input(description="The `keys` of PushSubscription.toJSON() (base64url).")
class PushSubscriptionKeysInput:
    p256dh: str
    auth: str


@strawberry.type
class Query:
    @described_field(
        "The VAPID public key (base64url) to pass as `applicationServerKey` to "
        "`pushManager.subscribe`; null when web push is not configured."
    )
    def vapid_public_key(self, info: Info) -> str | None:
        return info.context.state.vapid_public_key

    @described_field("The viewer's web-push subscriptions.")
    async def push_subscriptions(self, info: Info) -> list[PushSubscription]:
        viewer = info.context.require_viewer()
        rows = await info.context.state.push.of_user(viewer.user_id)
        return [PushSubscription.from_row(row) for row in rows]


@strawberry.type
class Mutation:
    @described_mutation("Mark some of the viewer's notifications read; returns how many changed.")
    async def mark_notifications_read(self, info: Info, ids: list[strawberry.ID]) -> int:
        viewer = info.context.require_viewer()
        return await info.context.state.inbox.mark_read(
            user_id=viewer.user_id, ids=parse_ids([str(i) for i in ids])
        )

    @described_mutation("Mark every notification of the viewer read; returns how many changed.")
    async def mark_all_notifications_read(self, info: Info) -> int:
        viewer = info.context.require_viewer()
        return await info.context.state.inbox.mark_read(user_id=viewer.user_id, ids=None)

    @described_mutation(
        "Receive web push in this browser: the endpoint and keys of its PushSubscription."
    )
    async def register_push_subscription(
        self, info: Info, endpoint: str, keys: PushSubscriptionKeysInput
    ) -> PushSubscription:
        viewer = info.context.require_viewer()
        row = await info.context.state.push.register(
            user_id=viewer.user_id, endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth
        )
        return PushSubscription.from_row(row)

    @described_mutation("Stop web push to this endpoint; false when it was not registered.")
    async def unregister_push_subscription(self, info: Info, endpoint: str) -> bool:
        viewer = info.context.require_viewer()
        return await info.context.state.push.unregister(user_id=viewer.user_id, endpoint=endpoint)


schema = make_schema(query=Query, mutation=Mutation, types=[User])

"""The domain of subscriptions assembled: follows, preferences, unsubscribe links and upstream's
event routes, one object per noun sharing the database; schema.py, grpc.py and the HTTP
unsubscribe endpoint (unsubscribe.py) reach them through this front."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from common.contracts.subscriptions import NotificationType
from common.db import Database
from subgraphs.subscriptions import tokens
from subgraphs.subscriptions.follows import Follows
from subgraphs.subscriptions.models import User
from subgraphs.subscriptions.preferences import Preferences
from subgraphs.subscriptions.settings import Settings
from subgraphs.subscriptions.upstream import Upstream
from subgraphs.subscriptions.users import upsert_user


class SubscriptionsService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.follows = Follows(db)
        self.preferences = Preferences(db)
        self.upstream = Upstream(db, settings.upstream_event_topics)
        self.signer = tokens.TokenSigner(settings.unsubscribe_secret)
        self.unsubscribe_url = settings.public_base_url.rstrip("/") + "/unsubscribe"

    async def unsubscribe(self, token: str) -> tokens.Unsubscribe:
        """One click: the token's type gets no channel; the token (and every earlier one of
        that user and type) stops working. InvalidToken when it is not valid now."""
        content = self.signer.read(token)
        if content.type in (NotificationType.ACCOUNT_SECURITY, NotificationType.EMAIL):
            raise tokens.InvalidToken()
        async with self.db.transaction() as session:
            await tokens.consume(session, content)
            await self.preferences.turn_off(session, content.user_id, content.type)
        return content

    async def unsubscribe_link(self, user_id: uuid.UUID, type: NotificationType) -> str:
        async with self.db.session() as session:
            generation = (await tokens.generations(session, [(user_id, type)]))[(user_id, type)]
        return f"{self.unsubscribe_url}?token={self.signer.make(user_id, type, generation)}"

    async def revoke_links(self, user_id: uuid.UUID, type: NotificationType) -> None:
        async with self.db.transaction() as session:
            await tokens.bump(session, user_id, type)

    async def set_follow_commented_threads(self, user_id: uuid.UUID, on: bool) -> bool:
        async with self.db.transaction() as session:
            await upsert_user(session, user_id)
            await session.execute(
                update(User).where(User.user_id == user_id).values(follow_commented_threads=on)
            )
        return on

"""Accounts as the rest of auth reads them: by id, by email, and the role they act with.

The leaf of auth's domain modules: registration, links, sessions, credentials and admin all
look accounts up here, and nothing here calls them back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Role
from common.db import Database
from common.errors import NotFound
from subgraphs.auth.models import Account, AccountState
from subgraphs.auth.settings import Settings


async def account_by_email(
    session: AsyncSession, email: str, *, lock: bool = False
) -> Account | None:
    """Case-insensitive, as the unique index `accounts_email_lower_key` is."""
    query = select(Account).where(func.lower(Account.email) == email.lower())
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


class Accounts:
    def __init__(self, *, settings: Settings, db: Database) -> None:
        self.settings = settings
        self.db = db

    def effective_role(self, account: Account) -> Role:
        """The stored role, lifted to WRITER for CONFIRMED readers while publishing is open."""
        role = Role(account.role)
        if (
            self.settings.open_publishing
            and account.state == AccountState.CONFIRMED
            and not role.at_least(Role.WRITER)
        ):
            return Role.WRITER
        return role

    async def get_accounts(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Account]:
        if not ids:
            return {}
        async with self.db.session() as session:
            rows = (await session.execute(select(Account).where(Account.id.in_(ids)))).scalars()
            return {a.id: a for a in rows}

    async def get_account(self, *, user_id: uuid.UUID) -> Account:
        account = (await self.get_accounts([user_id])).get(user_id)
        if account is None:
            raise NotFound("No such user", userId=str(user_id))
        return account

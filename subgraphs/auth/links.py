"""One-time email links (confirm the address, restore the password): issued with their
EmailRequested event in the caller's transaction, stored only as a SHA-256, used once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import Database
from common.errors import BadUserInput, Forbidden
from common.ids import new_id
from common.logging import get_logger
from subgraphs.auth import events
from subgraphs.auth.accounts import account_by_email
from subgraphs.auth.models import Account, AccountState, OneTimeToken, TokenPurpose, now
from subgraphs.auth.settings import Settings
from subgraphs.auth.throttle import EmailQuota
from subgraphs.auth.validation import normalize_email

log = get_logger(__name__)

MAX_LINK_TOKEN = 200

#: What an issued link was requested as: (to, subject), logged once the transaction commits.
#: The notifications service delivers it (auth.email.v1); the link itself is never logged.
Sent = tuple[str, str]


def _hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def log_email(sent: Sent | None) -> None:
    if sent is not None:
        to, subject = sent
        log.info("email requested", to=to, subject=subject)


class Links:
    def __init__(self, *, settings: Settings, db: Database, email_quota: EmailQuota) -> None:
        self.settings = settings
        self.db = db
        self.email_quota = email_quota

    def _link(self, purpose: TokenPurpose, token: str) -> str:
        path = "signup" if purpose is TokenPurpose.CONFIRM else "restorepwd"
        return f"{self.settings.public_base_url.rstrip('/')}/{path}/{token}"

    async def issue(self, session: AsyncSession, account: Account, purpose: TokenPurpose) -> Sent:
        """A one-time token + its EmailRequested event; returns (to, subject) to log."""
        token = secrets.token_urlsafe(32)
        at = now()
        session.add(
            OneTimeToken(
                id=new_id(),
                user_id=account.id,
                purpose=purpose.value,
                token_hash=_hash_link_token(token),
                created_at=at,
                expires_at=at + dt.timedelta(seconds=self.settings.one_time_token_ttl_seconds),
            )
        )
        template = (
            events.CONFIRM_TEMPLATE if purpose is TokenPurpose.CONFIRM else events.RESET_TEMPLATE
        )
        link = self._link(purpose, token)
        subject = await events.email_requested(
            session, user_id=account.id, to=account.email, template=template, link=link, token=token
        )
        return account.email, subject

    async def consume(self, session: AsyncSession, token: str, purpose: TokenPurpose) -> Account:
        """The account of a live one-time token (locked); marks every open token of that
        purpose used. The caller's transaction decides whether that sticks."""
        if not token or len(token) > MAX_LINK_TOKEN:
            raise BadUserInput("This link is invalid or has expired", field="token")
        row = (
            await session.execute(
                select(OneTimeToken)
                .where(
                    OneTimeToken.token_hash == _hash_link_token(token),
                    OneTimeToken.purpose == purpose.value,
                )
                .with_for_update()
            )
        ).scalar_one_or_none()
        at = now()
        if row is None or row.used_at is not None or row.expires_at <= at:
            raise BadUserInput("This link is invalid or has expired", field="token")
        account = await session.get(Account, row.user_id, with_for_update=True)
        if account is None or account.state in (AccountState.BLOCKED, AccountState.DELETED):
            raise Forbidden("This account is blocked")
        await session.execute(
            update(OneTimeToken)
            .where(
                OneTimeToken.user_id == account.id,
                OneTimeToken.purpose == purpose.value,
                OneTimeToken.used_at.is_(None),
            )
            .values(used_at=at)
        )
        return account

    async def confirm_email(self, *, token: str) -> Account:
        async with self.db.transaction() as session:
            account = await self.consume(session, token, TokenPurpose.CONFIRM)
            if account.state == AccountState.NEW:
                account.state = AccountState.CONFIRMED.value
                account.confirmed_at = now()
                await events.user_event(session, events.USER_CONFIRMED, account.id)
        return account

    async def resend_confirmation(self, *, email: str) -> None:
        """Sends a new link to a NEW account; says nothing about whether the email exists."""
        await self._send(email, TokenPurpose.CONFIRM, (AccountState.NEW,))

    async def request_password_reset(self, *, email: str) -> None:
        """Sends a restore link to a NEW or CONFIRMED account; never reveals which exist."""
        await self._send(email, TokenPurpose.RESTORE, (AccountState.NEW, AccountState.CONFIRMED))

    async def _send(
        self, email: str, purpose: TokenPurpose, states: tuple[AccountState, ...]
    ) -> None:
        """Issue a link when the account is in one of `states` and the mailbox's quota allows;
        the caller learns nothing either way (no account enumeration)."""
        email = normalize_email(email)
        sent = None
        async with self.db.transaction() as session:
            account = await account_by_email(session, email)
            if (
                account is not None
                and account.state in states
                and await self.email_quota.take(email)
            ):
                sent = await self.issue(session, account, purpose)
        log_email(sent)

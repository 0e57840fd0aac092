"""Login throttling in Redis: failed attempts counted per account (normalised email) and per
client address in a fixed window that starts at the first failure. One key per counter, single-key
commands only (Redis Cluster safe).

A Redis restart loses the counters, by decision: a locked account or address may try again at
once and counting starts afresh. The counters only slow guessing down (argon2 and the password
rules are the defence), a client cannot cause a restart, and keeping them durable would mean
failing closed, locking every user out whenever Redis restarts (tests/auth/test_redis_restart.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from redis.asyncio import Redis

from common.errors import RateLimited

PREFIX = "auth:login-failures"


@dataclass(frozen=True)
class LoginThrottle:
    redis: Redis
    max_per_account: int
    max_per_address: int
    window_seconds: int

    @staticmethod
    def _account_key(email: str) -> str:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        return f"{PREFIX}:account:{digest}"

    @staticmethod
    def _address_key(address: str) -> str:
        return f"{PREFIX}:address:{address}"

    async def _blocked_for(self, key: str, limit: int) -> int:
        count = await self.redis.get(key)
        if count is None or int(count) < limit:
            return 0
        ttl = int(await self.redis.ttl(key))
        return ttl if ttl > 0 else self.window_seconds

    async def check(self, *, email: str, address: str) -> None:
        """Raise RateLimited (with retryAfter seconds) when either counter is exhausted."""
        wait = max(
            await self._blocked_for(self._account_key(email), self.max_per_account),
            await self._blocked_for(self._address_key(address), self.max_per_address),
        )
        if wait:
            raise RateLimited(
                f"Too many failed login attempts; try again in {wait} seconds", retryAfter=wait
            )

    async def failed(self, *, email: str, address: str) -> None:
        for key in (self._account_key(email), self._address_key(address)):
            await self.redis.incr(key)
            await self.redis.expire(key, self.window_seconds, nx=True)

    async def succeeded(self, *, email: str) -> None:
        await self.redis.delete(self._account_key(email))


@dataclass(frozen=True)
class EmailQuota:
    """At most `max_per_window` link emails (confirm, restore) to one address per window, so
    resend/reset cannot flood a mailbox. Over the quota the request is silently dropped (the
    mutation still answers true: nothing is revealed)."""

    redis: Redis
    max_per_window: int
    window_seconds: int

    async def take(self, email: str) -> bool:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        key = f"auth:email-sends:{digest}"
        count = int(await self.redis.incr(key))
        await self.redis.expire(key, self.window_seconds, nx=True)
        return count <= self.max_per_window

"""The revocation list: access tokens that stop working before they expire, within a request.

Auth writes it (logout, a revoked session, block, delete, role change, password change or
reset); every token verifier reads it (the router at the edge, each service verifying tokens
itself). Entries are times on auth's clock, in Redis, all of one user in one hash slot:

    revoked:{<user id>}:epoch       the user's list is complete for tokens issued after this
    revoked:{<user id>}:user        tokens of this user issued before this are revoked
    revoked:{<user id>}:sid:<sid>   tokens of this session issued before this are revoked

Revocations live as long as the tokens they revoke can (the access token lifetime); the epoch as
long as a refresh token (auth renews it at every login and refresh), so it outlives every access
token of its user. One read per verification: one MGET of the user's three keys (one hash slot:
Redis Cluster safe); its cost is printed by `bench/revocation.py`.

Fail closed: a user without an epoch lost their list (Redis restarted without persistence, or was
flushed), so none of their tokens can be trusted: each is refused until auth writes a new epoch,
which it does before it mints the user's next token (login or refresh). Clients refresh, auth's
PostgreSQL (the authority on sessions and roles) answers, and the new tokens carry the current
role. Redis that does not answer refuses authenticated requests with UNAVAILABLE rather than
accepting tokens it cannot check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.errors import Unauthenticated, Unavailable

__all__ = ["RevocationList", "Revoked"]

PREFIX = "revoked:"


class Revoked(Unauthenticated):
    default_message = "This token has been revoked: refresh it or log in again"


def _epoch_key(user_id: str) -> str:
    return f"{PREFIX}{{{user_id}}}:epoch"


def _user_key(user_id: str) -> str:
    return f"{PREFIX}{{{user_id}}}:user"


def _session_key(user_id: str, session_id: str) -> str:
    return f"{PREFIX}{{{user_id}}}:sid:{session_id}"


class RevocationList:
    def __init__(self, redis: Redis, *, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self._clock = clock

    # ---- writes (auth) -----------------------------------------------------------------------

    async def ensure_epoch(self, user_id: object, *, ttl: int) -> None:
        """Start the user's list when Redis has none (first login, or lost), and keep it for
        `ttl` (a refresh token's lifetime): auth calls this before it mints a token of the
        user, so every token it mints is younger than the epoch."""
        key = _epoch_key(str(user_id))
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(key, repr(self._clock()), nx=True, ex=ttl)
            pipe.expire(key, ttl)
            await pipe.execute()

    async def revoke_sessions(
        self, user_id: object, session_ids: Iterable[object], *, ttl: int
    ) -> None:
        """Revoke the tokens issued so far in these sessions of `user_id`."""
        now = repr(self._clock())
        async with self.redis.pipeline(transaction=False) as pipe:
            for sid in session_ids:
                pipe.set(_session_key(str(user_id), str(sid)), now, ex=ttl)
            await pipe.execute()

    async def revoke_user(self, user_id: object, *, ttl: int) -> None:
        """Revoke every token of `user_id` issued so far (its sessions may live on: a refresh
        then mints tokens with the account's current role)."""
        await self.redis.set(_user_key(str(user_id)), repr(self._clock()), ex=ttl)

    # ---- reads (verifiers) -------------------------------------------------------------------

    async def check(self, claims: Mapping[str, Any]) -> None:
        """Raise Revoked when the token is on the list (or older than the list), Unavailable
        when Redis does not answer."""
        user_id, session_id, issued = claims.get("sub"), claims.get("sid"), claims.get("iat")
        if not isinstance(issued, int | float) or isinstance(issued, bool):
            raise Revoked("Token has no issue time")
        user = str(user_id)
        try:
            keys = (_epoch_key(user), _user_key(user), _session_key(user, str(session_id)))
            epoch, revoked_user, revoked_session = await self.redis.mget(keys)
        except (RedisError, OSError) as exc:
            raise Unavailable("Token revocation cannot be checked right now; retry") from exc
        if epoch is None or issued < float(epoch):
            raise Revoked()
        for not_before in (revoked_user, revoked_session):
            if not_before is not None and issued < float(not_before):
                raise Revoked()

    async def aclose(self) -> None:
        await self.redis.aclose()

"""The revocation list: access tokens that stop working before they expire, within a request.

Auth writes it (logout, a revoked session, block, delete, role change, password change or
reset); every token verifier reads it (the router at the edge, each service verifying tokens
itself). Entries are "not before" times, on auth's clock, in Redis:

    revoked:{<user id>}:sid:<sid>   tokens of this session issued before the value are revoked
    revoked:{<user id>}:user        tokens of this user issued before the value are revoked
    revoked:epoch                   the list is complete for tokens issued after the value

Each entry lives as long as the tokens it revokes can (the access token lifetime), so the list
stays small. One read per verification: a pipeline of three GETs (the two user keys share a
hash slot; Redis Cluster safe), ~0.1 ms on loopback (`bench/revocation.py`).

Fail closed: Redis without the epoch key lost the list (a restart without persistence, a
flush), so no token issued before it can be trusted: every token is refused until auth writes
a new epoch, which it does before it mints the next token (a login or refresh). Clients refresh,
auth's PostgreSQL (the authority on sessions and roles) answers, and the new tokens carry the
current role. Redis that does not answer refuses authenticated requests with UNAVAILABLE
rather than accepting tokens it cannot check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from common.errors import Unauthenticated, Unavailable

__all__ = ["EPOCH_KEY", "RevocationList", "Revoked"]

PREFIX = "revoked:"
EPOCH_KEY = f"{PREFIX}epoch"


class Revoked(Unauthenticated):
    default_message = "This token has been revoked: refresh it or log in again"


def _user_key(user_id: str) -> str:
    return f"{PREFIX}{{{user_id}}}:user"


def _session_key(user_id: str, session_id: str) -> str:
    return f"{PREFIX}{{{user_id}}}:sid:{session_id}"


class RevocationList:
    def __init__(self, redis: Redis, *, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self._clock = clock

    # ---- writes (auth) -----------------------------------------------------------------------

    async def ensure_epoch(self) -> None:
        """Start the list when Redis has none (first start, or lost): auth calls this before it
        mints a token, so every token it mints is younger than the epoch."""
        await self.redis.set(EPOCH_KEY, repr(self._clock()), nx=True)

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
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.get(EPOCH_KEY)
                pipe.get(_user_key(str(user_id)))
                pipe.get(_session_key(str(user_id), str(session_id)))
                epoch, user, session = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise Unavailable("Token revocation cannot be checked right now; retry") from exc
        if epoch is None or issued < float(epoch):
            raise Revoked()
        for not_before in (user, session):
            if not_before is not None and issued < float(not_before):
                raise Revoked()

    async def aclose(self) -> None:
        await self.redis.aclose()

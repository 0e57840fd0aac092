"""Where token verifiers find auth's public keys: a fixed key set, or auth's JWKS over HTTP.

`JwksCache` holds the key set, refreshes it when it is older than `max_age` or a token names an
unknown `kid`, but never more often than `min_refresh_interval` (a floor that also applies after
failed fetches, so a flood of forged kids cannot turn a verifier into a load generator against
auth; one second while no key is known yet), with one fetch in flight at a time. A failed
refresh keeps the previous keys.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Protocol

import httpx
import orjson
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from common.logging import get_logger

__all__ = ["JwksCache", "KeySource", "StaticKeys"]

log = get_logger(__name__)


class KeySource(Protocol):
    async def key(self, kid: str | None) -> Key | None:
        """The key for `kid` (or the only key when `kid` is None); None if there is none."""
        ...


def _find(keys: KeySet | None, kid: str | None) -> Key | None:
    if keys is None:
        return None
    if kid is None:
        return keys.keys[0] if len(keys.keys) == 1 else None
    for candidate in keys.keys:
        if candidate.kid == kid:
            return candidate
    return None


class StaticKeys:
    """A key set known up front (auth verifying its own tokens, tests)."""

    def __init__(self, keys: KeySet) -> None:
        self.keys = keys

    async def key(self, kid: str | None) -> Key | None:
        return _find(self.keys, kid)


class JwksCache:
    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient | None = None,
        *,
        min_refresh_interval: float = 30.0,
        max_age: float = 3600.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._url = url
        self._client = client
        self._min_interval = min_refresh_interval
        self._max_age = max_age
        self._timeout = timeout
        self._clock = clock
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")  # last successful fetch
        self._attempted_at = float("-inf")  # last attempt, successful or not
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def key(self, kid: str | None) -> Key | None:
        """The key for `kid`, refreshing the set when allowed; None if it does not exist."""
        if self._keys is None or self._clock() - self._fetched_at >= self._max_age:
            await self._refresh(reason="stale")
        found = _find(self._keys, kid)
        if found is None:
            await self._refresh(reason="unknown kid")
            found = _find(self._keys, kid)
        return found

    async def _get(self) -> httpx.Response:
        if self._client is not None:
            return await self._client.get(self._url, timeout=self._timeout)
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            return await client.get(self._url)

    async def _refresh(self, *, reason: str) -> None:
        attempted = self._attempted_at
        async with self._lock:
            if self._attempted_at != attempted:
                return  # another request refreshed while we waited
            # the floor: too soon since the last fetch (a second while no key is known yet:
            # a verifier that started before auth must not stay blind for long)
            floor = self._min_interval if self._keys is not None else min(self._min_interval, 1)
            if self._clock() - self._attempted_at < floor:
                return
            self._attempted_at = self._clock()
            self.fetches += 1
            try:
                response = await self._get()
                response.raise_for_status()
                keys = KeySet.import_key_set(orjson.loads(response.content))
            except (httpx.HTTPError, orjson.JSONDecodeError, JoseError, ValueError, KeyError) as e:
                log.warning("jwks.refresh_failed", url=self._url, reason=reason, error=str(e))
                return
            self._keys = keys
            self._fetched_at = self._clock()
            log.info("jwks.refreshed", url=self._url, reason=reason, keys=len(keys.keys))

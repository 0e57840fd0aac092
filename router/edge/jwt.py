"""Bearer-token verification against auth's JWKS (joserfc).

- No ``Authorization`` header: anonymous (``verify`` returns ``None``).
- Anything else that is not a valid, unexpired token signed by a JWKS key for the configured
  issuer/audience raises ``Unauthenticated`` (``extensions.code = UNAUTHENTICATED``); the endpoint
  answers 401 (graphql-response+json) or 200 (legacy application/json), never 500.

Keys: ``JwksCache`` holds the key set, refreshes it when it is older than ``max_key_age_seconds``
or a token names an unknown ``kid``, but never more often than ``min_refresh_interval_seconds`` (a
floor that also applies after failed fetches), with one fetch in flight at a time. A failed refresh
keeps the previous keys. Verified tokens are cached until they expire, so the signature check runs
once per token rather than once per request.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import orjson
import structlog
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from router.edge.errors import Unauthenticated
from router.settings import JwtSettings

__all__ = ["JwksCache", "JwtVerifier", "bearer_token"]

log = structlog.get_logger(__name__)
_CHALLENGE = {"www-authenticate": 'Bearer error="invalid_token"'}


def _reject(message: str) -> Unauthenticated:
    return Unauthenticated(message, headers=_CHALLENGE)


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Bearer <token>``; ``None`` when there is no header at all."""
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _reject("Authorization header must be 'Bearer <token>'")
    return token


class JwksCache:
    def __init__(
        self,
        url: str,
        client: httpx.AsyncClient,
        *,
        min_refresh_interval: float,
        max_age: float,
        timeout: float,
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
        """The key for ``kid``, refreshing the set when allowed; ``None`` if it does not exist."""
        if self._keys is None or self._clock() - self._fetched_at >= self._max_age:
            await self._refresh(reason="stale")
        found = self._find(kid)
        if found is None:
            await self._refresh(reason="unknown kid")
            found = self._find(kid)
        return found

    def _find(self, kid: str | None) -> Key | None:
        if self._keys is None:
            return None
        if kid is None:
            return self._keys.keys[0] if len(self._keys.keys) == 1 else None
        for candidate in self._keys.keys:
            if candidate.kid == kid:
                return candidate
        return None

    async def _refresh(self, *, reason: str) -> None:
        attempted = self._attempted_at
        async with self._lock:
            if self._attempted_at != attempted:
                return  # another request refreshed while we waited
            if self._clock() - self._attempted_at < self._min_interval:
                return  # the floor: too soon since the last fetch
            self._attempted_at = self._clock()
            self.fetches += 1
            try:
                response = await self._client.get(self._url, timeout=self._timeout)
                response.raise_for_status()
                keys = KeySet.import_key_set(orjson.loads(response.content))
            except (httpx.HTTPError, orjson.JSONDecodeError, JoseError, ValueError, KeyError) as e:
                log.warning("jwks.refresh_failed", url=self._url, reason=reason, error=str(e))
                return
            self._keys = keys
            self._fetched_at = self._clock()
            log.info("jwks.refreshed", url=self._url, reason=reason, keys=len(keys.keys))


class JwtVerifier:
    def __init__(
        self,
        settings: JwtSettings,
        *,
        client: httpx.AsyncClient,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        cache_size: int = 10_000,
    ) -> None:
        if settings.jwks_url is None:
            raise ValueError("JwtVerifier needs jwt.jwks_url")
        self.keys = JwksCache(
            settings.jwks_url,
            client,
            min_refresh_interval=settings.min_refresh_interval_seconds,
            max_age=settings.max_key_age_seconds,
            timeout=settings.fetch_timeout_seconds,
            clock=clock,
        )
        self._algorithms = settings.algorithms
        self._leeway = settings.leeway_seconds
        self._token_types = settings.token_types
        self._now = wall_clock
        options: dict[str, Any] = {"exp": {"essential": True}}
        if settings.issuer is not None:
            options["iss"] = {"essential": True, "value": settings.issuer}
        if settings.audience is not None:
            options["aud"] = {"essential": True, "value": settings.audience}
        self._claims = jwt.JWTClaimsRegistry(leeway=settings.leeway_seconds, **options)
        self._verified: OrderedDict[str, Mapping[str, Any]] = OrderedDict()
        self._cache_size = cache_size

    async def verify(self, authorization: str | None) -> Mapping[str, Any] | None:
        """The token's claims, ``None`` without a token; raises ``Unauthenticated``."""
        token = bearer_token(authorization)
        if token is None:
            return None
        cached = self._verified.get(token)
        if cached is not None:
            if self._now() <= cached["exp"] + self._leeway:
                return cached
            del self._verified[token]
            raise _reject("Token has expired")
        claims = await self._verify_token(token)
        self._verified[token] = claims
        if len(self._verified) > self._cache_size:
            self._verified.popitem(last=False)
        return claims

    async def _verify_token(self, token: str) -> Mapping[str, Any]:
        header = _jose_header(token)
        alg = header.get("alg")
        if alg not in self._algorithms:
            raise _reject(f"Token algorithm {alg!r} is not accepted")
        kid = header.get("kid")
        key = await self.keys.key(kid if isinstance(kid, str) else None)
        if key is None:
            raise _reject("Token is signed with an unknown key")
        try:
            decoded = jwt.decode(token, key, algorithms=list(self._algorithms))
        except (JoseError, ValueError, TypeError):
            raise _reject("Token signature is invalid") from None
        try:
            self._claims.validate(decoded.claims)
        except JoseError as exc:
            message = "Token has expired" if exc.error == "expired_token" else "Token is invalid"
            raise _reject(message) from None
        if not isinstance(decoded.claims.get("exp"), int | float):
            raise _reject("Token is invalid")
        typ = decoded.claims.get("typ")
        if typ is not None and typ not in self._token_types:
            raise _reject("Token is not an access token")
        return decoded.claims


def _jose_header(token: str) -> dict[str, Any]:
    """The protected header of a compact JWS, read without trusting it (to pick the key)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _reject("Token is malformed")
    segment = parts[0]
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        header = orjson.loads(raw)
    except (binascii.Error, ValueError):
        raise _reject("Token is malformed") from None
    if not isinstance(header, dict):
        raise _reject("Token is malformed")
    return header

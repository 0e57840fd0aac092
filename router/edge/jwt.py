"""Bearer tokens at the edge: ``common.auth.TokenVerifier`` (the one implementation every service
uses) wrapped with the router's cache of verified tokens.

- No ``Authorization`` header: anonymous (``verify`` returns ``None``).
- Anything else that is not a valid, unexpired token signed by a JWKS key for the configured
  issuer/audience, or a revoked one, raises ``Unauthenticated`` (``extensions.code =
  UNAUTHENTICATED``); the endpoint answers 401 (graphql-response+json) or 200 (legacy
  application/json), never 500. A revocation list that cannot be read raises ``Unavailable``
  (503): a token that cannot be checked is not accepted.

Verified claims are cached (``router.lru.LRUCache``) until the token expires, so the signature
check runs once per token rather than once per request; the revocation list is read on every
request, cached or not (``common.revocation``), so a revoked token stops at the next request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import httpx

from common.auth import TokenVerifier as CommonVerifier
from common.auth import bearer_token as _bearer_token
from common.errors import Unauthenticated as AuthError
from common.errors import Unavailable as StoreDown
from common.jwks import JwksCache
from common.revocation import RevocationList
from router.edge.errors import Unauthenticated, Unavailable
from router.lru import LRUCache
from router.settings import JwtSettings

__all__ = ["JwksCache", "JwtVerifier", "TokenVerifier", "bearer_token"]

_CHALLENGE = {"www-authenticate": 'Bearer error="invalid_token"'}


class TokenVerifier(Protocol):
    """What /graphql, /debug/plan and the REST shim ask of the edge's verifier."""

    async def verify(self, authorization: str | None) -> Mapping[str, Any] | None:
        """Claims for a valid token, ``None`` without one; raises ``Unauthenticated``."""
        ...


def _reject(message: str) -> Unauthenticated:
    return Unauthenticated(message, headers=_CHALLENGE)


def bearer_token(authorization: str | None) -> str | None:
    """The token of ``Bearer <token>``; ``None`` when there is no header at all."""
    try:
        return _bearer_token(authorization)
    except AuthError as exc:
        raise _reject(exc.message) from None


class JwtVerifier:
    def __init__(
        self,
        settings: JwtSettings,
        *,
        client: httpx.AsyncClient,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        cache_size: int = 10_000,
        revocations: RevocationList | None = None,
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
        self.verifier = CommonVerifier(
            issuer=settings.issuer,
            audience=settings.audience,
            algorithms=settings.algorithms,
            leeway=settings.leeway_seconds,
            token_types=settings.token_types,
            source=self.keys,
            revocations=revocations,
        )
        self._leeway = settings.leeway_seconds
        self._now = wall_clock
        self._verified: LRUCache[str, Mapping[str, Any]] = LRUCache(cache_size)

    async def verify(self, authorization: str | None) -> Mapping[str, Any] | None:
        """The token's claims, ``None`` without a token; raises ``Unauthenticated``."""
        token = bearer_token(authorization)
        if token is None:
            return None
        try:
            claims = self._verified.get(token)
            if claims is None:
                claims = await self.verifier.claims(token)
                self._verified.put(token, claims)
            elif self._now() > claims["exp"] + self._leeway:
                self._verified.pop(token)
                raise AuthError("Token has expired")
            await self.verifier.check_revocation(claims)
        except AuthError as exc:
            raise _reject(exc.message) from None
        except StoreDown as exc:
            raise Unavailable(exc.message) from None
        return claims

    async def aclose(self) -> None:
        await self.verifier.aclose()

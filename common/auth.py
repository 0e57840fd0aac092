"""Who is calling: roles, the viewer, and JWT verification through auth's JWKS.

Every service verifies access tokens itself (the router does too, at the edge): the public keys
come from auth's `/.well-known/jwks.json`, cached and re-read when a token names an unknown key
(at most once per `refresh_floor` seconds, so garbage tokens cannot hammer auth).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from common.errors import Forbidden, Unauthenticated
from common.settings import ServiceSettings

ALGORITHMS = ["ES256"]


class Role(StrEnum):
    """Ordered from least to most privileged."""

    READER = "READER"
    WRITER = "WRITER"
    MODERATOR = "MODERATOR"
    OWNER = "OWNER"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.READER: 0, Role.WRITER: 1, Role.MODERATOR: 2, Role.OWNER: 3}


@dataclass(frozen=True, slots=True)
class Viewer:
    user_id: uuid.UUID
    role: Role
    session_id: str

    def require(self, role: Role) -> None:
        if not self.role.at_least(role):
            raise Forbidden(f"Requires role {role.value} or higher")

    @property
    def is_moderator(self) -> bool:
        return self.role.at_least(Role.MODERATOR)


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None when absent."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Malformed Authorization header")
    return token.strip()


def viewer_from_claims(claims: dict[str, Any]) -> Viewer:
    try:
        return Viewer(
            user_id=uuid.UUID(str(claims["sub"])),
            role=Role(claims["role"]),
            session_id=str(claims["sid"]),
        )
    except (KeyError, ValueError) as exc:
        raise Unauthenticated("Invalid token claims") from exc


class TokenVerifier:
    """Verifies access tokens against a key set (fixed, or fetched from a JWKS URL)."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        keys: KeySet | None = None,
        refresh_floor: float = 30.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        if jwks_url is None and keys is None:
            raise ValueError("TokenVerifier needs a jwks_url or keys")
        self._jwks_url = jwks_url
        self._keys = keys
        self._refresh_floor = refresh_floor
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        self._http = http
        self._claims = JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": audience},
            sub={"essential": True},
            exp={"essential": True},
            leeway=5,
        )

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        """The verifier every service uses: auth's JWKS, our issuer and audience."""
        return cls(
            issuer=settings.jwt_issuer, audience=settings.jwt_audience, jwks_url=settings.jwks_url
        )

    async def _key_set(self, *, force: bool = False) -> KeySet:
        if self._jwks_url is None:
            assert self._keys is not None
            return self._keys
        async with self._lock:
            stale = time.monotonic() - self._fetched_at >= self._refresh_floor
            if self._keys is None or (force and stale):
                self._keys = await self._fetch()
                self._fetched_at = time.monotonic()
            return self._keys

    async def _fetch(self) -> KeySet:
        assert self._jwks_url is not None
        try:
            if self._http is not None:
                response = await self._http.get(self._jwks_url, timeout=5.0)
            else:
                async with httpx.AsyncClient(timeout=5.0) as client:
                    response = await client.get(self._jwks_url)
            response.raise_for_status()
            return KeySet.import_key_set(response.json())
        except (httpx.HTTPError, ValueError, JoseError) as exc:
            if self._keys is not None:
                return self._keys
            raise Unauthenticated("Token keys are unavailable") from exc

    async def verify(self, token: str) -> Viewer:
        """Return the viewer of a valid access token; raise Unauthenticated otherwise."""
        keys = await self._key_set()
        try:
            try:
                decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
            except (ValueError, JoseError):
                keys = await self._key_set(force=True)
                decoded = jwt.decode(token, keys, algorithms=ALGORITHMS)
            self._claims.validate(decoded.claims)
        except (ValueError, JoseError, TypeError) as exc:
            raise Unauthenticated("Invalid or expired token") from exc
        if decoded.claims.get("typ") not in (None, "access"):
            raise Unauthenticated("Not an access token")
        return viewer_from_claims(decoded.claims)

    async def viewer_from_header(self, authorization: str | None) -> Viewer | None:
        token = bearer_token(authorization)
        return None if token is None else await self.verify(token)

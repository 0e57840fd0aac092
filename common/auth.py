"""Who is calling: roles, the viewer, and access-token verification, one implementation for
every service and the router (which wraps it with its cache of verified tokens, router/edge/jwt.py).

A token is accepted when its protected header names an accepted algorithm and a key of auth's
(`common.jwks`: the JWKS, cached), its signature holds, its claims carry our issuer and audience
and an unexpired `exp`, its `typ` (when present) is an access type, and it is not on the
revocation list (`common.revocation`; when the verifier has one).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
import orjson
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from common.errors import Forbidden, Unauthenticated
from common.jwks import JwksCache, KeySource, StaticKeys
from common.redis import connect
from common.revocation import RevocationList
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
    """The token of an `Authorization: Bearer …` header, or None when absent (or blank)."""
    if authorization is None or not authorization.strip():
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Authorization header must be 'Bearer <token>'")
    return token.strip()


def viewer_from_claims(claims: Mapping[str, Any]) -> Viewer:
    try:
        return Viewer(
            user_id=uuid.UUID(str(claims["sub"])),
            role=Role(claims["role"]),
            session_id=str(claims["sid"]),
        )
    except (KeyError, ValueError) as exc:
        raise Unauthenticated("Invalid token claims") from exc


class TokenVerifier:
    """Verifies access tokens against a key set (fixed, or auth's JWKS) and, when given one,
    the revocation list."""

    def __init__(
        self,
        *,
        issuer: str | None,
        audience: str | None,
        jwks_url: str | None = None,
        keys: KeySet | None = None,
        algorithms: Sequence[str] = ALGORITHMS,
        leeway: int = 5,
        token_types: Sequence[str] = ("access",),
        refresh_floor: float = 30.0,
        max_key_age: float = 3600.0,
        fetch_timeout: float = 5.0,
        http: httpx.AsyncClient | None = None,
        revocations: RevocationList | None = None,
        source: KeySource | None = None,
    ) -> None:
        if source is None:
            if keys is not None:
                source = StaticKeys(keys)
            elif jwks_url is not None:
                source = JwksCache(
                    jwks_url,
                    http,
                    min_refresh_interval=refresh_floor,
                    max_age=max_key_age,
                    timeout=fetch_timeout,
                )
            else:
                raise ValueError("TokenVerifier needs a jwks_url or keys")
        self.keys = source
        self.revocations = revocations
        self._algorithms = list(algorithms)
        self._token_types = tuple(token_types)
        options: dict[str, Any] = {"exp": {"essential": True}}
        if issuer is not None:
            options["iss"] = {"essential": True, "value": issuer}
        if audience is not None:
            options["aud"] = {"essential": True, "value": audience}
        self._claims = JWTClaimsRegistry(leeway=leeway, **options)

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        """The verifier every service uses: auth's JWKS, our issuer and audience, and the
        revocation list in the service's Redis."""
        return cls(
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            jwks_url=settings.jwks_url,
            revocations=RevocationList(connect(settings.redis_url)),
        )

    async def claims(self, token: str) -> Mapping[str, Any]:
        """The claims of a well-signed, unexpired access token (not checked for revocation:
        callers that cache this add `check_revocation` per use); raises Unauthenticated."""
        header = _jose_header(token)
        alg = header.get("alg")
        if alg not in self._algorithms:
            raise Unauthenticated(f"Token algorithm {alg!r} is not accepted")
        kid = header.get("kid")
        key = await self.keys.key(kid if isinstance(kid, str) else None)
        if key is None:
            raise Unauthenticated("Token is signed with an unknown key")
        try:
            decoded = jwt.decode(token, key, algorithms=self._algorithms)
        except (JoseError, ValueError, TypeError):
            raise Unauthenticated("Token signature is invalid") from None
        try:
            self._claims.validate(decoded.claims)
        except JoseError as exc:
            expired = exc.error == "expired_token"
            raise Unauthenticated("Token has expired" if expired else "Token is invalid") from None
        if not isinstance(decoded.claims.get("exp"), int | float):
            raise Unauthenticated("Token is invalid")
        typ = decoded.claims.get("typ")
        if typ is not None and typ not in self._token_types:
            raise Unauthenticated("Token is not an access token")
        return decoded.claims

    async def check_revocation(self, claims: Mapping[str, Any]) -> None:
        """Raise when the token is revoked (or cannot be checked); a no-op without a list."""
        if self.revocations is not None:
            await self.revocations.check(claims)

    async def verified_claims(self, token: str) -> Mapping[str, Any]:
        claims = await self.claims(token)
        await self.check_revocation(claims)
        return claims

    async def verify(self, token: str) -> Viewer:
        """Return the viewer of a valid access token; raise Unauthenticated otherwise."""
        return viewer_from_claims(await self.verified_claims(token))

    async def viewer_from_header(self, authorization: str | None) -> Viewer | None:
        token = bearer_token(authorization)
        return None if token is None else await self.verify(token)

    async def aclose(self) -> None:
        if self.revocations is not None:
            await self.revocations.aclose()


def _jose_header(token: str) -> dict[str, Any]:
    """The protected header of a compact JWS, read without trusting it (to pick the key)."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 8192:
        raise Unauthenticated("Token is malformed")
    segment = parts[0]
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        header = orjson.loads(raw)
    except (binascii.Error, ValueError):
        raise Unauthenticated("Token is malformed") from None
    if not isinstance(header, dict):
        raise Unauthenticated("Token is malformed")
    return header

"""The ES256 signing key, the JWKS it publishes, and the access/refresh tokens it signs."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import ECKey, KeySet
from joserfc.jwt import JWTClaimsRegistry

from common.auth import ALGORITHMS, Role, TokenVerifier
from common.logging import get_logger
from common.revocation import RevocationList
from subgraphs.auth.settings import Settings

log = get_logger(__name__)
ACCESS = "access"
REFRESH = "refresh"


class KeyConfigurationError(RuntimeError):
    """The signing key is missing or unreadable where that must not be papered over."""


def _with_kid(key: ECKey) -> ECKey:
    pem = key.as_pem(private=True)
    params = {"use": "sig", "alg": "ES256", "kid": key.thumbprint()}
    return ECKey.import_key(pem, cast(Any, params))


def _generate() -> ECKey:
    return ECKey.generate_key("P-256", private=True)


def load_signing_key(settings: Settings) -> ECKey:
    """JWT_PRIVATE_KEY, else JWT_PRIVATE_KEY_FILE; outside production a missing key is made."""
    pem = settings.jwt_private_key.get_secret_value().strip()
    path = Path(settings.jwt_private_key_file) if settings.jwt_private_key_file else None
    try:
        if pem:
            return _with_kid(ECKey.import_key(pem))
        if path is not None and path.exists():
            return _with_kid(ECKey.import_key(path.read_bytes()))
    except (ValueError, TypeError, JoseError) as exc:
        raise KeyConfigurationError(f"JWT private key is not a valid EC P-256 key: {exc}") from exc
    if settings.is_production:
        raise KeyConfigurationError(
            "JWT_PRIVATE_KEY or an existing JWT_PRIVATE_KEY_FILE is required in production"
        )
    key = _generate()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.as_pem(private=True))
        log.info("generated a JWT signing key", path=str(path))
    else:
        log.info("using an ephemeral JWT signing key (tokens die with this process)")
    return _with_kid(key)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: int


@dataclass(frozen=True)
class RefreshClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID
    jti: str


class TokenInvalid(Exception):
    def __init__(self, *, expired: bool = False) -> None:
        self.expired = expired
        super().__init__("expired token" if expired else "invalid token")


class Signer:
    def __init__(self, key: ECKey, settings: Settings) -> None:
        self.key = key
        self.kid = str(key.kid)
        self.settings = settings
        self.public_jwks: dict[str, Any] = {"keys": [key.as_dict(private=False)]}
        self._public = KeySet.import_key_set(cast(Any, self.public_jwks))
        self._registry = JWTClaimsRegistry(
            iss={"essential": True, "value": settings.jwt_issuer},
            aud={"essential": True, "value": settings.jwt_audience},
            sub={"essential": True},
            exp={"essential": True},
            jti={"essential": True},
            leeway=5,
        )

    def verifier(self, revocations: RevocationList | None = None) -> TokenVerifier:
        """Verifies this service's access tokens without fetching its own JWKS."""
        return TokenVerifier(
            issuer=self.settings.jwt_issuer,
            audience=self.settings.jwt_audience,
            keys=self._public,
            revocations=revocations,
        )

    def _mint(
        self,
        *,
        typ: str,
        user_id: uuid.UUID,
        role: Role,
        session_id: uuid.UUID,
        auth_time: int,
        ttl: int,
    ) -> IssuedToken:
        issued = time.time()
        now = int(issued)
        jti = uuid.uuid4().hex
        claims = {
            "sub": str(user_id),
            "role": role.value,
            "sid": str(session_id),
            # OpenID Connect's claim: when the user last proved their password (the session's
            # login), kept across refreshes; "recently authenticated" is read from it.
            "auth_time": auth_time,
            # not rounded: the revocation list compares it with "not before" times written
            # on this clock a moment earlier (common/revocation.py)
            "iat": issued,
            "exp": now + ttl,
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "jti": jti,
            "typ": typ,
        }
        token = jwt.encode({"alg": "ES256", "kid": self.kid, "typ": "JWT"}, claims, self.key)
        return IssuedToken(token=token, jti=jti, expires_at=now + ttl)

    def access_token(
        self, *, user_id: uuid.UUID, role: Role, session_id: uuid.UUID, auth_time: int
    ) -> IssuedToken:
        return self._mint(
            typ=ACCESS,
            user_id=user_id,
            role=role,
            session_id=session_id,
            auth_time=auth_time,
            ttl=self.settings.access_token_ttl_seconds,
        )

    def refresh_token(
        self, *, user_id: uuid.UUID, role: Role, session_id: uuid.UUID, auth_time: int
    ) -> IssuedToken:
        return self._mint(
            typ=REFRESH,
            user_id=user_id,
            role=role,
            session_id=session_id,
            auth_time=auth_time,
            ttl=self.settings.refresh_token_ttl_seconds,
        )

    def decode(self, token: str, *, typ: str) -> dict[str, Any]:
        """Verified claims of one of our tokens of type `typ`; TokenInvalid otherwise."""
        if not token or len(token) > 4096:
            raise TokenInvalid()
        try:
            decoded = jwt.decode(token, self._public, algorithms=ALGORITHMS)
        except (ValueError, TypeError, JoseError) as exc:
            raise TokenInvalid() from exc
        claims = decoded.claims
        try:
            self._registry.validate(claims)
        except ExpiredTokenError as exc:
            raise TokenInvalid(expired=True) from exc
        except (ValueError, TypeError, JoseError) as exc:
            raise TokenInvalid() from exc
        if claims.get("typ") != typ:
            raise TokenInvalid()
        return claims

    def decode_refresh(self, token: str) -> RefreshClaims:
        claims = self.decode(token, typ=REFRESH)
        try:
            return RefreshClaims(
                user_id=uuid.UUID(str(claims["sub"])),
                session_id=uuid.UUID(str(claims["sid"])),
                jti=str(claims["jti"]),
            )
        except (KeyError, ValueError) as exc:
            raise TokenInvalid() from exc

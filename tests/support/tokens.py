"""Access tokens for tests of services other than auth: a private ES256 key and a verifier
that trusts it, so a subgraph can be tested without running auth."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from common.auth import Role, TokenVerifier

ISSUER = "indefinite-studies"
AUDIENCE = "indefinite-studies"


@dataclass
class SigningKeys:
    key: ECKey = field(
        default_factory=lambda: ECKey.generate_key(
            "P-256", parameters={"kid": "test", "alg": "ES256", "use": "sig"}, private=True
        )
    )

    def mint(
        self,
        *,
        user_id: uuid.UUID | None = None,
        role: Role = Role.READER,
        session_id: str = "test-session",
        ttl: int = 900,
        issuer: str = ISSUER,
        audience: str = AUDIENCE,
    ) -> str:
        now = int(time.time())
        claims = {
            "sub": str(user_id or uuid.uuid4()),
            "role": role.value,
            "sid": session_id,
            "iat": now,
            "exp": now + ttl,
            "iss": issuer,
            "aud": audience,
            "typ": "access",
        }
        return jwt.encode({"alg": "ES256", "kid": "test"}, claims, KeySet([self.key]))

    def verifier(self) -> TokenVerifier:
        public = KeySet.import_key_set({"keys": [self.key.as_dict(private=False)]})
        return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, keys=public)

"""Helpers for the auth tests: a running auth (real PostgreSQL, Redis, HTTP, gRPC) next to a real
profiles service, GraphQL calls, outbox reads, and a signing key the tests know."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey
from sqlalchemy import select, update

from common.db import Database, drop_database
from common.gate import SECRET_HEADER
from common.service import RunningService, running
from subgraphs.auth.app import create_app
from subgraphs.auth.models import Account, outbox
from subgraphs.auth.settings import Settings
from tests.support.stores import fresh_database_url, redis_url

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple violet lantern"
BASE_URL = "https://blog.example.com"
#: what the router would send (common/gate.py); tests calling auth directly send it too
SUBGRAPH_SECRET = "test-subgraph-secret"

SIGN_UP = """
mutation($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) { user { id email role state } }
}"""
LOGIN = """
mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt
    user { id email role state }
  }
}"""
REFRESH = """
mutation($token: String!) {
  refreshToken(refreshToken: $token) { accessToken refreshToken user { id role } }
}"""
CONFIRM = "mutation($token: String!) { confirmEmail(token: $token) { id state } }"


def unique_email(prefix: str = "u") -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}@example.com"


def unique_login() -> str:
    return f"u{uuid.uuid4().hex[:12]}"


def random_address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def error_code(body: dict[str, Any]) -> str:
    assert body.get("errors"), body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


def cheap_settings(**overrides: Any) -> dict[str, Any]:
    """Test settings: cheap argon2, a subgraph secret (tests act as the router and pick client
    addresses with X-Forwarded-For)."""
    return {
        "environment": "test",
        "log_json": False,
        "redis_url": redis_url(),
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 8,
        "argon2_parallelism": 1,
        "subgraph_shared_secret": SUBGRAPH_SECRET,
        "public_base_url": BASE_URL,
        **overrides,
    }


@dataclass
class Auth:
    """A running auth service and what the tests need around it."""

    service: RunningService
    settings: Settings
    key: ECKey
    db: Database
    http: httpx.AsyncClient

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        address: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        sent = {
            "X-Forwarded-For": address or random_address(),
            SECRET_HEADER: SUBGRAPH_SECRET,
            **(headers or {}),
        }
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        response = await self.http.post(
            self.service.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers=sent,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def events(self, type: str, *, key: str | None = None) -> list[dict[str, Any]]:
        query = select(outbox).where(outbox.c.type == type).order_by(outbox.c.seq)
        if key is not None:
            query = query.where(outbox.c.key == key)
        async with self.db.session() as session:
            rows = (await session.execute(query)).all()
        return [{"topic": r.topic, "key": r.key, "payload": r.payload} for r in rows]

    async def last_email(self, to: str, template: str) -> dict[str, Any]:
        """The newest EmailRequested payload for this address and template."""
        emails = [
            e["payload"]
            for e in await self.events("EmailRequested")
            if e["payload"]["to"].lower() == to.lower() and e["payload"]["template"] == template
        ]
        assert emails, f"no {template} email to {to}"
        newest: dict[str, Any] = emails[-1]
        return newest

    async def sign_up(
        self, email: str | None = None, *, password: str = PASSWORD, login: str | None = None
    ) -> tuple[str, str]:
        """A NEW account; returns (user id, email)."""
        email = email or unique_email()
        body = await self.gql(
            SIGN_UP, {"email": email, "password": password, "login": login or unique_login()}
        )
        assert "errors" not in body, body
        return body["data"]["signUp"]["user"]["id"], email

    async def confirmed(
        self, email: str | None = None, *, password: str = PASSWORD
    ) -> tuple[str, str]:
        user_id, email = await self.sign_up(email, password=password)
        token = (await self.last_email(email, "confirm_email"))["token"]
        body = await self.gql(CONFIRM, {"token": token})
        assert body["data"]["confirmEmail"]["state"] == "CONFIRMED", body
        return user_id, email

    async def make_owner(self, *user_ids: str) -> None:
        """Promote accounts straight in the database (tests of what owners may do)."""
        async with self.db.transaction() as session:
            await session.execute(
                update(Account).where(Account.id.in_(user_ids)).values(role="OWNER")
            )

    async def login(
        self, email: str, password: str = PASSWORD, *, address: str | None = None
    ) -> dict[str, Any]:
        body = await self.gql(LOGIN, {"email": email, "password": password}, address=address)
        assert "errors" not in body, body
        tokens: dict[str, Any] = body["data"]["login"]
        return tokens

    async def refresh(self, refresh_token: str) -> dict[str, Any]:
        return await self.gql(REFRESH, {"token": refresh_token})

    def mint(self, claims: dict[str, Any], *, key: ECKey | None = None) -> str:
        """A token with the given claims over sane defaults, signed with the service's key."""
        issued = time.time()  # not rounded down: auth's revocation epoch may be this second
        now = int(issued)
        full = {
            "sub": str(uuid.uuid4()),
            "role": "READER",
            "sid": str(uuid.uuid4()),
            "iat": issued,
            "exp": now + 600,
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "jti": uuid.uuid4().hex,
            "typ": "access",
            **claims,
        }
        signer = key or self.key
        return jwt.encode({"alg": "ES256", "kid": str(signer.thumbprint())}, full, signer)


def new_key() -> ECKey:
    return ECKey.generate_key("P-256", private=True)


@asynccontextmanager
async def auth_service(profiles_target: str, **overrides: Any) -> AsyncIterator[Auth]:
    key = new_key()
    url = fresh_database_url("auth")
    settings = Settings(
        **cheap_settings(
            database_url=url,
            profiles_grpc_target=profiles_target,
            jwt_private_key=key.as_pem(private=True).decode(),
            **overrides,
        )
    )
    db = Database(url, pool_size=2)
    try:
        async with (
            running(create_app(settings), free_ports=True) as service,
            httpx.AsyncClient(timeout=30) as http,
        ):
            yield Auth(service=service, settings=settings, key=key, db=db, http=http)
    finally:
        await db.close()
        await drop_database(url)

"""JwksCache refresh rules and JwtVerifier decisions (JWKS through httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey, RSAKey

from router.edge.errors import Unauthenticated
from router.edge.jwt import JwtVerifier, bearer_token
from router.settings import JwtSettings

K1 = RSAKey.generate_key(2048, parameters={"kid": "k1"})
K2 = OKPKey.generate_key("Ed25519", parameters={"kid": "k2"})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Jwks:
    def __init__(self, *keys: Any) -> None:
        self.keys = list(keys)
        self.calls = 0
        self.fail = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.fail:
            return httpx.Response(500)
        return httpx.Response(200, json={"keys": [k.as_dict(private=False) for k in self.keys]})


def _verifier(jwks: Jwks, clock: Clock, **settings: Any) -> tuple[JwtVerifier, httpx.AsyncClient]:
    client = httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler))
    options: dict[str, Any] = {"jwks_url": "http://auth.test/jwks", "issuer": "auth"}
    options.update(settings)
    return JwtVerifier(JwtSettings(**options), client=client, clock=clock), client


def _bearer(key: Any, alg: str = "RS256", **claims: Any) -> str:
    body = {"iss": "auth", "sub": "u1", "exp": int(time.time()) + 60, **claims}
    return "Bearer " + jwt.encode({"alg": alg, "kid": key.kid}, body, key, algorithms=[alg])


def test_bearer_token_parsing() -> None:
    assert bearer_token(None) is None
    assert bearer_token("   ") is None
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer  abc ") == "abc"
    for bad in ("Token abc", "Bearer", "Bearer   "):
        with pytest.raises(Unauthenticated):
            bearer_token(bad)


async def test_keys_are_fetched_once_and_cached() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock)
    async with client:
        for _ in range(3):
            claims = await verifier.verify(_bearer(K1, sub="x"))
            assert claims is not None
            assert claims["sub"] == "x"
    assert jwks.calls == 1


async def test_concurrent_first_requests_share_one_fetch() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock)
    async with client:
        tokens = [_bearer(K1, n=i) for i in range(10)]
        results = await asyncio.gather(*(verifier.verify(t) for t in tokens))
    assert all(r is not None for r in results)
    assert jwks.calls == 1


async def test_unknown_kid_refreshes_within_the_floor() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock, min_refresh_interval_seconds=30)
    async with client:
        await verifier.verify(_bearer(K1))
        jwks.keys.append(K2)
        # Too soon after the first fetch: the floor holds, the new kid is unknown.
        with pytest.raises(Unauthenticated, match="unknown key"):
            await verifier.verify(_bearer(K2, "Ed25519"))
        assert jwks.calls == 1
        clock.now += 31
        assert await verifier.verify(_bearer(K2, "Ed25519", n=1)) is not None
        assert jwks.calls == 2
        # A flood of forged kids after that costs no further fetches.
        forged = RSAKey.generate_key(2048, parameters={"kid": "forged"})
        for i in range(5):
            with pytest.raises(Unauthenticated):
                await verifier.verify(_bearer(forged, n=i))
        assert jwks.calls == 2


async def test_keys_expire_after_max_age() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock, max_key_age_seconds=100)
    async with client:
        await verifier.verify(_bearer(K1, n=1))
        clock.now += 101
        await verifier.verify(_bearer(K1, n=2))
    assert jwks.calls == 2


async def test_failed_refresh_keeps_previous_keys() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock, max_key_age_seconds=100)
    async with client:
        await verifier.verify(_bearer(K1, n=1))
        jwks.fail = True
        clock.now += 101
        assert await verifier.verify(_bearer(K1, n=2)) is not None
    assert jwks.calls == 2


async def test_verified_tokens_are_cached_until_expiry() -> None:
    jwks, clock = Jwks(K1), Clock()
    wall = Clock()
    wall.now = time.time()
    client = httpx.AsyncClient(transport=httpx.MockTransport(jwks.handler))
    verifier = JwtVerifier(
        JwtSettings(jwks_url="http://auth.test/jwks", leeway_seconds=0),
        client=client,
        clock=clock,
        wall_clock=wall,
    )
    token = _bearer(K1, exp=int(wall.now) + 10)
    async with client:
        first = await verifier.verify(token)
        assert await verifier.verify(token) is first
        wall.now += 11
        with pytest.raises(Unauthenticated, match="expired"):
            await verifier.verify(token)


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"iss": "someone"}, "invalid"),
        ({"aud": "other"}, "invalid"),
        ({"nbf": int(time.time()) + 3600}, "invalid"),
    ],
)
async def test_claims_are_checked(claims: dict[str, Any], message: str) -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock, audience="router")
    async with client:
        with pytest.raises(Unauthenticated, match=message):
            await verifier.verify(_bearer(K1, **{"aud": "router", **claims}))


async def test_token_without_exp_is_refused() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock)
    token = "Bearer " + jwt.encode({"alg": "RS256", "kid": "k1"}, {"iss": "auth"}, K1)
    async with client:
        with pytest.raises(Unauthenticated):
            await verifier.verify(token)


async def test_algorithm_must_be_allowed() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock, algorithms=("ES256",))
    async with client:
        with pytest.raises(Unauthenticated, match="algorithm"):
            await verifier.verify(_bearer(K1))
    assert jwks.calls == 0


async def test_only_access_tokens_authenticate() -> None:
    jwks, clock = Jwks(K1), Clock()
    verifier, client = _verifier(jwks, clock)
    async with client:
        assert await verifier.verify(_bearer(K1, typ="access")) is not None
        with pytest.raises(Unauthenticated, match="not an access token"):
            await verifier.verify(_bearer(K1, typ="refresh"))

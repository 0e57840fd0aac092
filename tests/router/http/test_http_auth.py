"""JWT verification end to end: a JWKS served over real HTTP by a tiny loopback server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from router.settings import RouterSettings, load_settings
from tests.router.http.harness import RouterFactory

GQL = "application/graphql-response+json"
Q = {"query": "{ hello }"}
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"})
OTHER = RSAKey.generate_key(2048, parameters={"kid": "k1"})  # same kid, different key
EC = ECKey.generate_key("P-256", parameters={"kid": "k2"})


class _Jwks:
    def __init__(self) -> None:
        self.document: dict[str, Any] = {
            "keys": [KEY.as_dict(private=False), EC.as_dict(private=False)]
        }
        self.requests = 0
        self.status = 200


@pytest.fixture
def jwks() -> Iterator[tuple[_Jwks, str]]:
    state = _Jwks()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            body = orjson.dumps(state.document)
            self.send_response(state.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _settings(url: str) -> RouterSettings:
    return load_settings(jwt={"jwks_url": url, "issuer": "https://auth", "audience": "indefinite"})


def _token(key: Any = KEY, alg: str = "RS256", **claims: Any) -> str:
    body = {"iss": "https://auth", "aud": "indefinite", "sub": "u1", "exp": int(time.time()) + 300}
    body.update(claims)
    return jwt.encode({"alg": alg, "kid": key.kid}, body, key)


def _code(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


async def test_valid_token_and_anonymous(
    make_router: RouterFactory, jwks: tuple[_Jwks, str]
) -> None:
    state, url = jwks
    async with make_router(_settings(url)) as r:
        anonymous = await r.client.post("/graphql", json=Q)
        authed = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token()}"}
        )
        ec = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token(EC, 'ES256')}"}
        )
        assert r.engine.seen_headers[1]["authorization"].startswith("Bearer ey")
    assert anonymous.json() == {"data": {"hello": "hello world"}}
    assert authed.json() == {"data": {"hello": "hello world"}}
    assert ec.json() == {"data": {"hello": "hello world"}}
    assert state.requests == 1


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(f"Bearer {_token(exp=int(time.time()) - 3600)}", id="expired"),
        pytest.param(f"Bearer {_token(OTHER)}", id="wrong-signature"),
        pytest.param(f"Bearer {_token(iss='https://evil')}", id="wrong-issuer"),
        pytest.param(f"Bearer {_token(aud='someone-else')}", id="wrong-audience"),
        pytest.param("Bearer not-a-jwt", id="malformed"),
        pytest.param("Bearer a.b.c", id="garbage-segments"),
        pytest.param("Basic dXNlcjpwYXNz", id="wrong-scheme"),
        pytest.param("Bearer", id="empty-bearer"),
        pytest.param("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.", id="alg-none"),
    ],
)
async def test_bad_tokens_are_unauthenticated(
    make_router: RouterFactory, jwks: tuple[_Jwks, str], authorization: str
) -> None:
    _, url = jwks
    async with make_router(_settings(url)) as r:
        modern = await r.client.post(
            "/graphql", json=Q, headers={"authorization": authorization, "accept": GQL}
        )
        legacy = await r.client.post("/graphql", json=Q, headers={"authorization": authorization})
        assert r.engine.seen_headers == []  # nothing reached the subgraphs
    assert modern.status_code == 401
    assert modern.headers["www-authenticate"].startswith("Bearer")
    assert _code(modern) == "UNAUTHENTICATED"
    assert legacy.status_code == 200
    assert _code(legacy) == "UNAUTHENTICATED"
    assert "data" not in legacy.json()


async def test_unknown_kid_refreshes_jwks_once(
    make_router: RouterFactory, jwks: tuple[_Jwks, str]
) -> None:
    state, url = jwks
    rotated = RSAKey.generate_key(2048, parameters={"kid": "k9"})
    async with make_router(
        load_settings(jwt={"jwks_url": url, "min_refresh_interval_seconds": 0})
    ) as r:
        first = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token()}"}
        )
        state.document["keys"].append(rotated.as_dict(private=False))
        second = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token(rotated)}"}
        )
    assert first.status_code == 200
    assert second.json() == {"data": {"hello": "hello world"}}
    assert state.requests == 2


async def test_jwks_down_is_unauthenticated_not_500(
    make_router: RouterFactory, jwks: tuple[_Jwks, str]
) -> None:
    state, url = jwks
    state.status = 503
    async with make_router(_settings(url)) as r:
        response = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token()}", "accept": GQL}
        )
        anonymous = await r.client.post("/graphql", json=Q)
    assert response.status_code == 401
    assert _code(response) == "UNAUTHENTICATED"
    assert anonymous.status_code == 200


async def test_unreachable_jwks_is_unauthenticated(make_router: RouterFactory) -> None:
    async with make_router(_settings("http://127.0.0.1:9/jwks.json")) as r:
        response = await r.client.post(
            "/graphql", json=Q, headers={"authorization": f"Bearer {_token()}"}
        )
    assert response.status_code == 200
    assert _code(response) == "UNAUTHENTICATED"


async def test_debug_plan_checks_tokens_too(
    make_router: RouterFactory, jwks: tuple[_Jwks, str]
) -> None:
    _, url = jwks
    settings = _settings(url).model_copy(update={"environment": "development"})
    async with make_router(settings) as r:
        bad = await r.client.post(
            "/debug/plan", json=Q, headers={"authorization": f"Bearer {_token(OTHER)}"}
        )
        good = await r.client.post(
            "/debug/plan", json=Q, headers={"authorization": f"Bearer {_token()}"}
        )
    assert _code(bad) == "UNAUTHENTICATED"
    assert good.status_code == 200

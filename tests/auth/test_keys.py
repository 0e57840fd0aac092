"""The signing key and the JWKS: what verifiers fetch, where keys come from, production rules."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from common.auth import TokenVerifier
from common.errors import Unauthenticated
from subgraphs.auth.keys import KeyConfigurationError, Signer, load_signing_key
from subgraphs.auth.settings import Settings
from tests.auth.support import Auth


async def test_jwks_serves_the_public_key_that_verifies_tokens(auth: Auth) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{auth.service.http_url}/.well-known/jwks.json")
    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["kty"] == "EC"
    assert key["crv"] == "P-256"
    assert key["alg"] == "ES256"
    assert key["kid"] == auth.key.thumbprint()
    assert "d" not in key  # no private part

    _, email = await auth.confirmed()
    tokens = await auth.login(email)
    verifier = TokenVerifier(
        issuer=auth.settings.jwt_issuer,
        audience=auth.settings.jwt_audience,
        jwks_url=f"{auth.service.http_url}/.well-known/jwks.json",
    )
    viewer = await verifier.verify(tokens["accessToken"])
    assert str(viewer.user_id) == tokens["user"]["id"]
    with pytest.raises(Unauthenticated):
        await verifier.verify(tokens["refreshToken"])  # typ refresh is not an access token


def test_a_missing_key_file_is_created_in_development_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "jwt.pem"
    settings = Settings(environment="development", jwt_private_key_file=str(path))
    first = load_signing_key(settings)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = load_signing_key(settings)
    assert first.kid == second.kid


def test_without_any_key_development_uses_an_ephemeral_one() -> None:
    settings = Settings(environment="test")
    assert load_signing_key(settings).kid != load_signing_key(settings).kid


def test_production_refuses_a_missing_key(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="JWT_PRIVATE_KEY"):
        Settings(environment="production", subgraph_shared_secret="s")
    settings = Settings(
        environment="production",
        subgraph_shared_secret="s",
        jwt_private_key_file=str(tmp_path / "no.pem"),
    )
    with pytest.raises(KeyConfigurationError, match="required in production"):
        load_signing_key(settings)
    assert not (tmp_path / "no.pem").exists()


def test_a_key_from_the_environment_is_used_and_garbage_is_refused(auth: Auth) -> None:
    pem = auth.key.as_pem(private=True).decode()
    settings = Settings(environment="production", subgraph_shared_secret="s", jwt_private_key=pem)
    signer = Signer(load_signing_key(settings), settings)
    assert signer.kid == auth.key.thumbprint()
    with pytest.raises(KeyConfigurationError):
        load_signing_key(
            Settings(
                environment="production", subgraph_shared_secret="s", jwt_private_key="not a pem"
            )
        )

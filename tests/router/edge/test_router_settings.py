"""Settings: file + ROUTER_* environment + overrides, with unknown keys refused."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from pydantic import ValidationError

from router.settings import load_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    settings = load_settings()
    assert settings.listen == "127.0.0.1:4000"
    assert (settings.host, settings.port) == ("127.0.0.1", 4000)
    assert settings.environment == "production"  # without ENVIRONMENT
    assert settings.query_plan_header is False
    assert settings.apq.enabled is True


def test_yaml_file_env_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "router.yaml"
    config.write_text(
        "listen: 0.0.0.0:8080\n"
        "subgraph_urls:\n  posts: http://file/posts\n  users: http://file/users\n"
        "limits:\n  max_depth: 9\n  max_aliases: 3\n"
        "jwt:\n  jwks_url: http://auth/jwks\n  issuer: auth\n"
    )
    monkeypatch.setenv("ROUTER_SUBGRAPH_URLS__posts", "http://env/posts")
    monkeypatch.setenv("ROUTER_LIMITS__MAX_DEPTH", "12")
    settings = load_settings(config, listen="127.0.0.1:4100")
    assert settings.listen == "127.0.0.1:4100"
    assert settings.subgraph_urls["posts"] == "http://env/posts"
    assert settings.limits.max_depth == 12
    assert settings.limits.max_aliases == 3
    assert settings.jwt.jwks_url == "http://auth/jwks"


def test_json_file(tmp_path: Path) -> None:
    config = tmp_path / "router.json"
    config.write_bytes(orjson.dumps({"cors": {"allow_origins": ["https://a.example"]}}))
    assert load_settings(config).cors.allow_origins == ("https://a.example",)


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    config = tmp_path / "router.yaml"
    config.write_text("limits:\n  max_dept: 3\n")
    with pytest.raises(ValidationError, match="max_dept"):
        load_settings(config)
    with pytest.raises(ValidationError):
        load_settings(lisen="0.0.0.0:1")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "nope.yaml")


def test_redis_url_from_plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    assert load_settings().redis_url == "redis://cache:6379/1"


@pytest.mark.parametrize("listen", ["4000", "host:", ":4000", "host:99999", "host:abc"])
def test_listen_is_checked(listen: str) -> None:
    with pytest.raises(ValidationError, match="HOST:PORT"):
        load_settings(listen=listen)


def test_ipv6_listen() -> None:
    settings = load_settings(listen="[::1]:4000")
    assert (settings.host, settings.port) == ("::1", 4000)

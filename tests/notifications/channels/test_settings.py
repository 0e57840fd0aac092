"""The senders' settings: documented in the README, and composable into the notifications
service's own settings class (one environment, one `Settings`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.settings import ServiceSettings
from subgraphs.notifications.channels.settings import ChannelSettings

ROOT = Path(__file__).resolve().parents[3]


def test_every_channel_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [
        name.upper()
        for name in ChannelSettings.model_fields
        if name != "environment" and f"`{name.upper()}`" not in readme
    ]
    assert not missing, f"channel settings missing from README.md: {missing}"


def test_a_service_settings_class_can_inherit_them(monkeypatch: pytest.MonkeyPatch) -> None:
    class Settings(ServiceSettings, ChannelSettings):
        service_name: str = "notifications"

    monkeypatch.setenv("SNS_ENDPOINT_URL", "http://127.0.0.1:5000")
    monkeypatch.setenv("PUSH_TTL_SECONDS", "60")
    settings = Settings(environment="test")
    assert (settings.sns_endpoint_url, settings.push_ttl_seconds) == ("http://127.0.0.1:5000", 60)
    assert settings.http_port == 4008
    with pytest.raises(ValueError, match="VAPID_PRIVATE_KEY"):
        Settings(environment="production")

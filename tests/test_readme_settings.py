"""Every environment variable a service reads is documented in the README."""

import importlib
from pathlib import Path

import pytest

from common.settings import ServiceSettings

ROOT = Path(__file__).resolve().parent.parent
SERVICES = sorted(p.parent.name for p in (ROOT / "subgraphs").glob("*/settings.py"))
UNDOCUMENTED = {"service_name"}


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_is_in_the_readme(service: str) -> None:
    settings_class: type[ServiceSettings] = importlib.import_module(
        f"subgraphs.{service}.settings"
    ).Settings
    readme = (ROOT / "README.md").read_text()
    missing = [
        name.upper()
        for name in settings_class.model_fields
        if name not in UNDOCUMENTED and f"`{name.upper()}`" not in readme
    ]
    assert not missing, f"{service} settings missing from README.md: {missing}"

"""Configuration is documented once: every setting of every settings class (common/settings.py,
subgraphs/*/settings.py, router/settings.py) is a key of charts/indefinite/values.yaml with a
comment, values.yaml names no setting that does not exist, and the README's tables name the
shared and the router's settings (tests/test_readme_settings.py checks the subgraphs' own)."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from common.settings import ServiceSettings
from router.settings import RouterSettings
from tests.deploy.chart import CHART, ROOT

VALUES_FILE = CHART / "values.yaml"
VALUES: dict[str, Any] = yaml.safe_load(VALUES_FILE.read_text(encoding="utf-8"))
SERVICES = sorted(p.parent.name for p in (ROOT / "subgraphs").glob("*/settings.py"))
NOT_SETTINGS = {"SERVICE_NAME"}  # fixed by each class, not read from the environment
#: Read from the environment by the libraries themselves (OpenTelemetry's SDK, sentry-sdk), not by
#: a settings class; values.yaml sets them for every service like the shared settings.
LIBRARY_SETTINGS = {
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "SENTRY_RELEASE",
}


def _env_name(name: str, field: FieldInfo, prefix: str) -> str:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        prefixed = [c for c in alias.choices if isinstance(c, str) and c.upper().startswith(prefix)]
        if prefixed:
            return prefixed[0].upper()
    return f"{prefix}{name}".upper()


def env_names(cls: type[BaseSettings] | type[BaseModel], prefix: str = "") -> set[str]:
    """The environment variables a settings class reads (nested sections as PREFIX_SECTION__KEY)."""
    names = set()
    for name, field in cls.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and prefix:
            names |= {f"{prefix}{name.upper()}__{n}" for n in env_names(annotation)}
        else:
            names.add(_env_name(name, field, prefix))
    return names - NOT_SETTINGS


def settings_file(service: str) -> str:
    return f"subgraphs/{service}/settings.py"


def keys(section: dict[str, Any]) -> set[str]:
    return set(section.get("config") or {}) | set(section.get("secretEnv") or {})


SHARED = keys(VALUES)
COMMON = env_names(ServiceSettings) | LIBRARY_SETTINGS


def test_shared_values_are_common_settings() -> None:
    unknown = SHARED - COMMON
    assert not unknown, (
        f"charts/indefinite/values.yaml config/secretEnv name {sorted(unknown)}, which "
        "common/settings.py does not read (a typo, or a removed setting)"
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_of_a_service_is_in_values(service: str) -> None:
    settings = importlib.import_module(f"subgraphs.{service}.settings").Settings
    wanted = env_names(settings)
    section = VALUES["services"][service]
    if not section.get("database"):
        wanted.discard("DATABASE_URL")  # a Redis-only service inherits it and never reads it
    missing = wanted - SHARED - keys(section)
    assert not missing, "\n".join(
        f"{name} ({settings_file(service)}) is not in charts/indefinite/values.yaml: add it "
        f"under services.{service}.config (secretEnv for a credential) with a comment, or under "
        "config/secretEnv for a setting every service reads; then run `make chart-schema`"
        for name in sorted(missing)
    )
    unknown = keys(section) - wanted
    assert not unknown, (
        f"services.{service} in charts/indefinite/values.yaml names {sorted(unknown)}, "
        f"which {settings_file(service)} does not read"
    )


def test_every_router_setting_is_in_values() -> None:
    wanted = env_names(RouterSettings, "ROUTER_")
    have = keys(VALUES["router"])
    assert not wanted - have, "\n".join(
        f"{name} (router/settings.py) is not in charts/indefinite/values.yaml: add it under "
        "router.config with a comment; then run `make chart-schema`"
        for name in sorted(wanted - have)
    )
    assert not have - wanted, f"router.config names {sorted(have - wanted)}, not router settings"


def _key_lines(text: str) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines()):
        if match := re.match(r"\s*([A-Z][A-Z0-9_]*):", line):
            lines.setdefault(match[1], []).append(number)
    return lines


def test_every_setting_in_values_has_a_comment() -> None:
    text = VALUES_FILE.read_text(encoding="utf-8").splitlines()
    bare = []
    for name, numbers in _key_lines("\n".join(text)).items():
        for number in numbers:
            commented = "#" in text[number] or text[number - 1].lstrip().startswith("#")
            if not commented:
                bare.append(f"values.yaml:{number + 1}: {name}")
    assert not bare, "say what these settings mean (a # comment on the line):\n" + "\n".join(bare)


def _readme_names(readme: str) -> set[str]:
    """Names in backticks, with the README's shorthand `ROUTER_X__A` / `__B` expanded."""
    names = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", readme))
    for line in readme.splitlines():
        if prefix := re.search(r"`(ROUTER_[A-Z0-9_]+__)[A-Z0-9_]+`", line):
            names |= {prefix[1] + tail for tail in re.findall(r"`__([A-Z0-9_]+)`", line)}
    return names


def test_the_readme_documents_shared_and_router_settings() -> None:
    documented = _readme_names((ROOT / "README.md").read_text(encoding="utf-8"))
    missing = {
        "common/settings.py": COMMON - documented,
        "router/settings.py": env_names(RouterSettings, "ROUTER_") - documented,
    }
    assert not any(missing.values()), "\n".join(
        f"README.md's settings tables lack {sorted(names)} ({source})"
        for source, names in missing.items()
        if names
    )


def test_readme_names_no_setting_values_lacks() -> None:
    """The reverse: a variable the README's router table names is a real router setting."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {n for n in _readme_names(readme) if n.startswith("ROUTER_")} - {
        "ROUTER_URL"
    }  # the UI's
    stale = named - env_names(RouterSettings, "ROUTER_")
    assert not stale, f"README.md names router settings that do not exist: {sorted(stale)}"

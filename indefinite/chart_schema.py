"""Write `charts/indefinite/values.schema.json` from `values.yaml`: every key the chart knows, and
no other (`python -m indefinite.chart_schema [--check]`).

values.yaml is the one place a setting is declared; the schema follows it, so Helm rejects a
typo in anyone's values file (`servcies:`, `ACCESS_TOKEN_TTL_SECOND`) instead of ignoring it.
Maps that are Kubernetes' own (resources, affinity, labels, ...) stay open; environment maps
(`config`, `secretEnv`) accept strings, numbers and booleans.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHART = ROOT / "charts" / "indefinite"
SCHEMA = CHART / "values.schema.json"

#: Keys whose maps belong to Kubernetes or to the operators: any content.
OPEN_MAPS = frozenset(
    {
        "resources",
        "affinity",
        "nodeSelector",
        "podAnnotations",
        "podLabels",
        "annotations",
        "labels",
        "parameters",
        "podSecurityContext",
        "containerSecurityContext",
        "ingressControllerNamespaceSelector",
        "prometheusNamespaceSelector",
        "storage",
    }
)
#: Keys whose maps are environment variables (qa.config is QA_*, owned by qa/settings.py).
ENV_MAPS = frozenset({"config", "secretEnv"})
OPEN_ENV_PATHS = frozenset({"qa.config"})
ENUMS: dict[str, list[Any]] = {
    "config.ENVIRONMENT": ["development", "test", "production"],
    "image.pullPolicy": ["Always", "IfNotPresent", "Never"],
    "uiImage.pullPolicy": ["Always", "IfNotPresent", "Never"],
}
SCALAR = {"type": ["string", "number", "boolean"]}


def _type(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, list):
        return {"type": "array"}
    return {}


def _env_schema(path: str) -> dict[str, Any]:
    return {**SCALAR, "enum": ENUMS[path]} if path in ENUMS else {"$ref": "#/$defs/env"}


def _schema(value: Any, path: str, values: dict[str, Any]) -> dict[str, Any]:
    key = path.rsplit(".", 1)[-1]
    if not isinstance(value, dict):
        schema = _type(value)
        if path in ENUMS:
            schema["enum"] = ENUMS[path]
        return schema
    if key in OPEN_MAPS:
        return {"type": "object"}
    if key in ENV_MAPS:
        if path in OPEN_ENV_PATHS:
            return {"type": "object", "additionalProperties": SCALAR}
        names = list(value)
        if path.startswith("services."):  # a service may also set a shared setting its own way
            names += [*values.get("config", {}), *values.get("secretEnv", {})]
        properties = {name: _env_schema(f"{path}.{name}") for name in sorted(set(names))}
        return {"type": "object", "properties": properties, "additionalProperties": False}
    properties = {
        name: _schema(item, f"{path}.{name}" if path else name, values)
        for name, item in value.items()
    }
    # every workload (a subgraph, the router, the UI) may set any key of `defaults`
    if (path.startswith("services.") and path.count(".") == 1) or path in {"router", "ui"}:
        for name in values.get("defaults", {}):
            properties.setdefault(name, {"$ref": f"#/properties/defaults/properties/{name}"})
    return {"type": "object", "properties": properties, "additionalProperties": False}


def build(values: dict[str, Any]) -> dict[str, Any]:
    schema = _schema(values, "", values)
    return {
        "$schema": "https://json-schema.org/draft-07/schema#",
        "title": "Values of the indefinite chart (generated from values.yaml by "
        "python -m indefinite.chart_schema)",
        **schema,
        "$defs": {"env": SCALAR},
    }


def render() -> str:
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    return json.dumps(build(values), indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indefinite.chart_schema", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the schema is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not SCHEMA.exists() or SCHEMA.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA.relative_to(ROOT)} is stale: run `make chart-schema`", file=sys.stderr)
            return 1
        return 0
    SCHEMA.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

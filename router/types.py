"""Shared type aliases for the router core (a leaf module: imports nothing from router)."""

from __future__ import annotations

from typing import Any, TypeAlias

SubgraphName: TypeAlias = str
"""A subgraph's name as written in ``@join__graph(name:)``."""

GraphEnum: TypeAlias = str
"""A value of the supergraph's ``join__Graph`` enum (e.g. ``PRODUCTS``)."""

TypeName: TypeAlias = str
FieldName: TypeAlias = str

ResponsePathItem: TypeAlias = str | int
ResponsePath: TypeAlias = list[ResponsePathItem]

MergePath: TypeAlias = tuple[str, ...]
"""Where a fetch's result lands: response keys, with ``@`` standing for "every list item"."""

JSON: TypeAlias = Any
JSONObject: TypeAlias = dict[str, Any]
Variables: TypeAlias = dict[str, Any]

__all__ = [
    "JSON",
    "FieldName",
    "GraphEnum",
    "JSONObject",
    "MergePath",
    "ResponsePath",
    "ResponsePathItem",
    "SubgraphName",
    "TypeName",
    "Variables",
]

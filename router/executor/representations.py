"""Collect the objects at a Flatten path and build deduplicated ``_entities`` representations."""

from __future__ import annotations

from typing import Any

import orjson

from router.planner.fetch_graph import Representation
from router.planner.selection import SelNode
from router.types import MergePath, ResponsePath

__all__ = ["LinkedPath", "build_representations", "objects_at", "path_list"]

_MISSING = object()


LinkedPath = tuple[Any, str | int] | None
"""A response path as ``(parent, key)`` links: free to build, listed only when needed."""


def path_list(path: LinkedPath) -> ResponsePath:
    out: ResponsePath = []
    while path is not None:
        path, key = path
        out.append(key)
    out.reverse()
    return out


def objects_at(data: Any, path: MergePath) -> list[tuple[dict[str, Any], LinkedPath]]:
    """Every object reached by ``path`` (``@`` walks list items), with its response path."""
    out: list[tuple[dict[str, Any], LinkedPath]] = []
    _walk(data, path, 0, None, out)
    return out


def _walk(
    value: Any,
    path: MergePath,
    i: int,
    at: LinkedPath,
    out: list[tuple[dict[str, Any], LinkedPath]],
) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for n, item in enumerate(value):
            _walk(item, path, i + 1 if i < len(path) and path[i] == "@" else i, (at, n), out)
        return
    if i == len(path):
        if isinstance(value, dict):
            out.append((value, at))
        return
    key = path[i]
    if key == "@":
        _walk(value, path, i + 1, at, out)
        return
    if isinstance(value, dict):
        _walk(value.get(key), path, i + 1, (at, key), out)


def _project(value: Any, sel: SelNode, applies: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        items = [_project(v, sel, applies) for v in value]
        return _MISSING if any(i is _MISSING for i in items) else items
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for name, f in sel.fields.items():
        v = value.get(f.response_key, _MISSING)
        if v is _MISSING:
            return _MISSING
        if f.sub is not None and v is not None:
            v = _project(v, f.sub, applies)
            if v is _MISSING:
                return _MISSING
        out[name] = v
    tn = value.get("__typename")
    for cond, frag in sel.fragments.items():
        if tn is not None and applies(cond, tn):
            inner = _project(value, frag, applies)
            if inner is _MISSING:
                return _MISSING
            out.update(inner)
    return out


def build_representations(
    objects: list[tuple[dict[str, Any], LinkedPath]],
    requires: tuple[Representation, ...],
    applies: Any,
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """(unique representations, for each one the indexes into ``objects`` it stands for)."""
    by_type = {r.match: r for r in requires}
    reps: list[dict[str, Any]] = []
    targets: list[list[int]] = []
    seen: dict[bytes, int] = {}
    for n, (obj, _) in enumerate(objects):
        tn = obj.get("__typename")
        rule = by_type.get(tn) if isinstance(tn, str) else None
        if rule is None:
            continue
        rep = _project(obj, rule.selection, applies)
        if rep is _MISSING or not isinstance(rep, dict):
            continue
        rep["__typename"] = rule.send_typename
        key = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
        idx = seen.get(key)
        if idx is None:
            idx = seen[key] = len(reps)
            reps.append(rep)
            targets.append([])
        targets[idx].append(n)
    return reps, targets

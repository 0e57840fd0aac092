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
    """Every object reached by ``path``, with its response path.

    Lists are walked into wherever they are met (``@`` in the path marks where they are
    expected), level by level without recursion: this runs for every Flatten of every request.
    """
    frontier: list[tuple[Any, LinkedPath]] = []
    _flatten(data, None, frontier)
    for key in path:
        if key == "@":
            continue
        nxt: list[tuple[Any, LinkedPath]] = []
        for value, at in frontier:
            if type(value) is not dict:
                continue
            child = value.get(key)
            if child is None:
                continue
            if type(child) is list:
                base = (at, key)
                for n, item in enumerate(child):
                    if type(item) is dict:
                        nxt.append((item, (base, n)))
                    elif type(item) is list:
                        _flatten(item, (base, n), nxt)
            else:
                nxt.append((child, (at, key)))
        frontier = nxt
    return [(value, at) for value, at in frontier if type(value) is dict]


def _flatten(value: Any, at: LinkedPath, out: list[tuple[Any, LinkedPath]]) -> None:
    if type(value) is not list:
        out.append((value, at))
        return
    for n, item in enumerate(value):
        if type(item) is list:
            _flatten(item, (at, n), out)
        elif item is not None:
            out.append((item, (at, n)))


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


_FLAT: dict[int, tuple[SelNode, tuple[tuple[str, str], ...] | None]] = {}


def _flat_fields(sel: SelNode) -> tuple[tuple[str, str], ...] | None:
    """(name, response key) of a selection of leaf fields only (the usual key), else None."""
    hit = _FLAT.get(id(sel))
    if hit is not None and hit[0] is sel:
        return hit[1]
    flat: tuple[tuple[str, str], ...] | None = None
    if not sel.fragments and all(f.sub is None for f in sel.fields.values()):
        flat = tuple((name, f.response_key) for name, f in sel.fields.items())
    if len(_FLAT) > 10_000:
        _FLAT.clear()
    _FLAT[id(sel)] = (sel, flat)  # keeps ``sel`` alive, so its id stays its own
    return flat


def build_representations(
    objects: list[tuple[dict[str, Any], LinkedPath]],
    requires: tuple[Representation, ...],
    applies: Any,
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """(unique representations, for each one the indexes into ``objects`` it stands for)."""
    by_type = {r.match: (r, _flat_fields(r.selection)) for r in requires}
    reps: list[dict[str, Any]] = []
    targets: list[list[int]] = []
    seen: dict[Any, int] = {}
    for n, (obj, _) in enumerate(objects):
        tn = obj.get("__typename")
        found = by_type.get(tn) if isinstance(tn, str) else None
        if found is None:
            continue
        rule, flat = found
        key: Any = None
        if flat is not None:
            # Leaf fields only: read them directly; all-string values (ids) dedupe by tuple.
            rep: Any = {}
            strings = True
            for name, response_key in flat:
                v = obj.get(response_key, _MISSING)
                if v is _MISSING:
                    rep = _MISSING
                    break
                if type(v) is not str:
                    strings = False
                rep[name] = v
            if rep is _MISSING:
                continue
            rep["__typename"] = rule.send_typename
            if strings:
                key = (rule.send_typename, flat, *rep.values())
        else:
            rep = _project(obj, rule.selection, applies)
            if rep is _MISSING or not isinstance(rep, dict):
                continue
            rep["__typename"] = rule.send_typename
        if key is None:
            key = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
        idx = seen.get(key)
        if idx is None:
            idx = seen[key] = len(reps)
            reps.append(rep)
            targets.append([])
        targets[idx].append(n)
    return reps, targets

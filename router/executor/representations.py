"""Collect the objects at a Flatten path and build deduplicated ``_entities`` representations."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import orjson

from router.planner.fetch_graph import Representation
from router.planner.selection import SelNode
from router.types import MergePath, ResponsePath

__all__ = ["LinkedPath", "build_representations", "objects_at", "path_list", "paths_of"]

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


def objects_at(data: Any, path: MergePath) -> list[dict[str, Any]]:
    """Every object reached by ``path``, in response order.

    Lists are walked into wherever they are met (``@`` in the path marks where they are
    expected), level by level without recursion: this runs for every Flatten of every request,
    so it builds no response paths (``paths_of`` finds them when an error needs one).
    """
    frontier: list[Any] = []
    _flatten_values(data, frontier)
    for key in path:
        if key == "@":
            continue
        nxt: list[Any] = []
        append = nxt.append
        for value in frontier:
            if type(value) is not dict:
                continue
            child = value.get(key)
            if child is None:
                continue
            if type(child) is list:
                for item in child:
                    if type(item) is dict:
                        append(item)
                    elif type(item) is list:
                        _flatten_values(item, nxt)
            else:
                append(child)
        frontier = nxt
    return [value for value in frontier if type(value) is dict]


def _flatten_values(value: Any, out: list[Any]) -> None:
    if type(value) is not list:
        out.append(value)
        return
    for item in value:
        if type(item) is list:
            _flatten_values(item, out)
        elif item is not None:
            out.append(item)


def paths_of(data: Any, path: MergePath) -> dict[int, LinkedPath]:
    """``id(object)`` → response path of every object ``objects_at(data, path)`` gives.

    Only for errors: walked again (depth first) when one needs a path, and keyed by identity,
    since other fetches may have merged into the tree since (merges keep every object where
    it is).
    """
    keys = tuple(key for key in path if key != "@")
    found: dict[int, LinkedPath] = {}

    def walk(value: Any, at: LinkedPath, depth: int) -> None:
        if type(value) is list:
            for n, item in enumerate(value):
                walk(item, (at, n), depth)
        elif type(value) is dict:
            if depth == len(keys):
                found[id(value)] = at
            elif (child := value.get(keys[depth])) is not None:
                walk(child, (at, keys[depth]), depth + 1)

    walk(data, None, 0)
    return found


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
    objects: list[dict[str, Any]],
    requires: tuple[Representation, ...],
    applies: Any,
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """(unique representations, for each one the indexes into ``objects`` it stands for)."""
    if len(requires) == 1:
        flat = _flat_fields(requires[0].selection)
        if flat is not None:
            # ``__typename`` is known (the objects are filtered on it): it is no key to read.
            fields = tuple(f for f in flat if f != ("__typename", "__typename"))
            first = len(fields) < len(flat) and flat[0][0] == "__typename"
            if len(fields) == 1 and (first or len(fields) == len(flat)):
                return _one_key_representations(objects, requires[0], *fields[0], first)
            if fields and (first or len(fields) == len(flat)):
                return _leaf_representations(objects, requires[0], fields, first)
    by_type = {r.match: (r, _flat_fields(r.selection)) for r in requires}
    reps: list[dict[str, Any]] = []
    targets: list[list[int]] = []
    seen: dict[Any, int] = {}
    for n, obj in enumerate(objects):
        tn = obj.get("__typename")
        found = by_type.get(tn) if type(tn) is str else None
        if found is None:
            continue
        rule, flat = found
        key: Any = None
        rep: Any
        if flat is not None and len(flat) == 1:
            # One leaf key field (an id, the usual key): dedupe before building anything.
            name, response_key = flat[0]
            v = obj.get(response_key, _MISSING)
            if v is _MISSING:
                continue
            if type(v) is str:
                key = (rule.send_typename, flat, v)
                idx = seen.get(key)
                if idx is not None:
                    targets[idx].append(n)
                    continue
            rep = {name: v, "__typename": rule.send_typename}
        elif flat is not None:
            # Leaf fields only: read them directly; all-string values (ids) dedupe by tuple.
            rep = {}
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


def _one_key_representations(
    objects: list[dict[str, Any]],
    rule: Representation,
    name: str,
    response_key: str,
    typename_first: bool,
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """``build_representations`` for one type keyed by one leaf field: most Flattens (an
    ``id``, a ``upc``); deduplicated on the key's value before any representation is built.
    ``typename_first``: the selection starts with ``__typename`` (the representation's keys
    keep the selection's order, as the general path builds them)."""
    match, send = rule.match, rule.send_typename
    reps: list[dict[str, Any]] = []
    targets: list[list[int]] = []
    seen: dict[Any, int] = {}
    for n, obj in enumerate(objects):
        if obj.get("__typename") != match:
            continue
        v = obj.get(response_key, _MISSING)
        if v is _MISSING:
            continue
        key = v if type(v) is str else orjson.dumps(v, option=orjson.OPT_SORT_KEYS)
        idx = seen.get(key)
        if idx is None:
            idx = seen[key] = len(reps)
            reps.append(
                {"__typename": send, name: v} if typename_first else {name: v, "__typename": send}
            )
            targets.append([n])
        else:
            targets[idx].append(n)
    return reps, targets


def _leaf_representations(
    objects: list[dict[str, Any]],
    rule: Representation,
    flat: tuple[tuple[str, str], ...],
    typename_first: bool,
) -> tuple[list[dict[str, Any]], list[list[int]]]:
    """``build_representations`` for one type whose representation is several leaf fields (a
    key plus ``@requires`` fields): the values are read in one ``itemgetter`` call and
    deduplicated by their JSON text (one orjson call: cheaper than hashing a tuple of them with
    their types, which it would need, as ``1``, ``1.0`` and ``True`` are equal in Python)."""
    match, send = rule.match, rule.send_typename
    names = tuple(name for name, _ in flat)
    read = itemgetter(*(response_key for _, response_key in flat))
    reps: list[dict[str, Any]] = []
    targets: list[list[int]] = []
    seen: dict[bytes, int] = {}
    for n, obj in enumerate(objects):
        if obj.get("__typename") != match:
            continue
        try:
            values = read(obj)
        except KeyError:
            continue
        key = orjson.dumps(values, option=orjson.OPT_SORT_KEYS)
        idx = seen.get(key)
        if idx is None:
            idx = seen[key] = len(reps)
            if typename_first:
                rep = {"__typename": send}
                rep.update(zip(names, values, strict=True))
            else:
                rep = dict(zip(names, values, strict=True))
                rep["__typename"] = send
            reps.append(rep)
            targets.append([n])
        else:
            targets[idx].append(n)
    return reps, targets

"""Deep-merge a subgraph's answer into the response tree being built."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from router.planner.selection import SelNode

__all__ = ["deep_merge", "rename_aliases"]


def deep_merge(
    target: dict[str, Any], source: dict[str, Any], is_object_type: Callable[[str], bool]
) -> None:
    """Merge ``source`` into ``target`` in place.

    ``__typename`` is only overwritten while it is not a concrete API object type: an
    ``@interfaceObject`` subgraph answers with the interface's name, which must never hide
    the concrete type another subgraph already told us.
    """
    if target.keys().isdisjoint(source):
        target.update(source)  # nothing to merge into: an entity's first answer, usually
        return
    for k, v in source.items():
        cur = target.get(k)
        if v is None:
            if k not in target:
                target[k] = None
            continue
        if cur is None:
            target[k] = v
            continue
        if isinstance(cur, dict) and isinstance(v, dict):
            deep_merge(cur, v, is_object_type)
        elif isinstance(cur, list) and isinstance(v, list) and len(cur) == len(v):
            for i, (a, b) in enumerate(zip(cur, v, strict=True)):
                if isinstance(a, dict) and isinstance(b, dict):
                    deep_merge(a, b, is_object_type)
                elif isinstance(a, list) and isinstance(b, list):
                    tmp = {"_": a}
                    deep_merge(tmp, {"_": b}, is_object_type)
                else:
                    cur[i] = b
        elif k == "__typename" and isinstance(cur, str) and is_object_type(cur):
            continue
        else:
            target[k] = v


def rename_aliases(value: Any, sel: SelNode) -> None:
    """Undo the planner's clash aliases (``id__alias_Admin`` → ``id``) in a fetch result."""
    if isinstance(value, list):
        for item in value:
            rename_aliases(item, sel)
        return
    if not isinstance(value, dict):
        return
    for fs in sel.fields.values():
        key = fs.response_key
        if fs.output_key is not None and key in value:
            value[fs.output_key] = value.pop(key)
            key = fs.output_key
        if fs.sub is not None and key in value:
            rename_aliases(value[key], fs.sub)
    for frag in sel.fragments.values():
        rename_aliases(value, frag)

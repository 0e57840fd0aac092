"""Shape the merged subgraph data into the client's answer, following the API schema.

Walks the normalized operation (aliases, fragments, ``__typename``) over the merged tree,
drops everything the planner fetched for itself (keys, ``@requires`` fields, internal
aliases) and applies null propagation: a null in a non-null position nulls the nearest
nullable ancestor, as the GraphQL spec says.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    is_abstract_type,
)

from router.operation.collect import FieldCollector
from router.operation.tree import Selection
from router.types import ResponsePath

__all__ = ["Projector"]


_Path = tuple[Any, str | int] | None
"""A response path as a linked list ``(parent, key)``: built for free, listed only on error."""


def _materialize(path: _Path) -> ResponsePath:
    out: ResponsePath = []
    while path is not None:
        path, key = path
        out.append(key)
    out.reverse()
    return out


class _Null(Exception):
    """Raised when a non-null position got null; caught by the nearest nullable parent."""


class Projector:
    def __init__(self, schema: GraphQLSchema, collector: FieldCollector) -> None:
        self.schema = schema
        self.collector = collector

    def project(
        self,
        data: dict[str, Any] | None,
        root: GraphQLObjectType,
        selections: tuple[Selection, ...],
        errors: list[dict[str, Any]],
        extra_root: dict[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        run = _Run(self, errors)
        try:
            return run.object(data or {}, root, selections, None, extra_root)
        except _Null:
            return None


class _Run:
    def __init__(self, p: Projector, errors: list[dict[str, Any]]) -> None:
        self.p = p
        self.errors = errors
        self.had_errors = bool(errors)

    def _null_error(self, path: _Path, parent: str, field: str) -> None:
        if self.had_errors:
            return
        self.errors.append(
            {
                "message": f"Cannot return null for non-nullable field {parent}.{field}.",
                "path": _materialize(path),
            }
        )
        self.had_errors = True

    def object(
        self,
        data: dict[str, Any],
        otype: GraphQLObjectType | GraphQLInterfaceType,
        selections: tuple[Selection, ...],
        path: _Path,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        fields = otype.fields
        for f in self.p.collector.collect(selections, otype.name):
            key = f.response_key
            if f.name == "__typename":
                out[key] = otype.name
                continue
            if extra is not None and key in extra and f.name in ("__schema", "__type"):
                out[key] = extra[key]
                continue
            fdef = fields.get(f.name)
            if fdef is None:
                continue
            ftype = fdef.type
            raw = data.get(key)
            if raw is None:
                if type(ftype) is GraphQLNonNull:
                    self._null_error((path, key), otype.name, f.name)
                    raise _Null
                out[key] = None
                continue
            leaf = ftype.of_type if type(ftype) is GraphQLNonNull else ftype
            if type(leaf) is GraphQLScalarType:
                out[key] = raw  # the common case: no wrapping, nothing to check
                continue
            try:
                out[key] = self.value(raw, ftype, f.selections, (path, key))
            except _Null:
                if isinstance(ftype, GraphQLNonNull):
                    raise
                out[key] = None
        return out

    def value(
        self,
        raw: Any,
        t: GraphQLOutputType,
        selections: tuple[Selection, ...] | None,
        path: _Path,
    ) -> Any:
        if isinstance(t, GraphQLNonNull):
            if raw is None:
                raise _Null
            return self.value(raw, t.of_type, selections, path)
        if raw is None:
            return None
        if isinstance(t, GraphQLList):
            if not isinstance(raw, list):
                return None
            item_t = t.of_type
            nullable = not isinstance(item_t, GraphQLNonNull)
            items = []
            for i, item in enumerate(raw):
                try:
                    items.append(self.value(item, item_t, selections, (path, i)))
                except _Null:
                    if not nullable:
                        raise
                    items.append(None)
            return items
        if isinstance(t, GraphQLObjectType):
            if not isinstance(raw, dict):
                return None
            return self.object(raw, t, selections or (), path)
        if is_abstract_type(t):
            if not isinstance(raw, dict):
                return None
            tn = raw.get("__typename")
            rt = self.p.schema.get_type(tn) if isinstance(tn, str) else None
            if isinstance(rt, GraphQLObjectType) and self.p.schema.is_sub_type(t, rt):
                return self.object(raw, rt, selections or (), path)
            if isinstance(t, GraphQLInterfaceType) and (tn is None or tn == t.name):
                # an @interfaceObject answer: no concrete type, but the interface's own
                # fields are all the client asked for (else the planner fetched the type)
                return self.object(raw, t, selections or (), path)
            return None
        if isinstance(t, GraphQLEnumType):
            if isinstance(raw, str) and raw in t.values:
                return raw
            self.errors.append(
                {
                    "message": f"Enum {t.name!r} cannot represent value: {raw!r}",
                    "path": _materialize(path),
                    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                }
            )
            self.had_errors = True
            raise _Null
        return raw

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

from router.executor.representations import LinkedPath, path_list
from router.operation.collect import FieldCollector
from router.operation.tree import Selection

__all__ = ["Projector"]


class _Null(Exception):
    """Raised when a non-null position got null; caught by the nearest nullable parent."""


_TYPENAME, _INTROSPECTION, _LEAF, _VALUE = range(4)

_Entry = tuple[str, int, str, bool, GraphQLOutputType | None, tuple[Selection, ...] | None]
"""(response key, kind, field name, non-null, field type, sub-selections) of one field."""


class Projector:
    def __init__(self, schema: GraphQLSchema, collector: FieldCollector) -> None:
        self.schema = schema
        self.collector = collector
        self._plans: dict[tuple[int, str], tuple[tuple[Selection, ...], tuple[_Entry, ...]]] = {}

    def plan(
        self, selections: tuple[Selection, ...], otype: GraphQLObjectType | GraphQLInterfaceType
    ) -> tuple[_Entry, ...]:
        """The fields to project for ``otype`` under ``selections``, resolved once (cached)."""
        key = (id(selections), otype.name)
        hit = self._plans.get(key)
        if hit is not None and hit[0] is selections:
            return hit[1]
        entries: list[_Entry] = []
        fields = otype.fields
        for f in self.collector.collect(selections, otype.name):
            if f.name == "__typename":
                entries.append((f.response_key, _TYPENAME, f.name, False, None, None))
                continue
            fdef = fields.get(f.name)
            if fdef is None:
                if f.name in ("__schema", "__type"):
                    entries.append((f.response_key, _INTROSPECTION, f.name, False, None, None))
                continue
            ftype = fdef.type
            nonnull = type(ftype) is GraphQLNonNull
            leaf = ftype.of_type if nonnull else ftype
            kind = _LEAF if type(leaf) is GraphQLScalarType else _VALUE
            entries.append((f.response_key, kind, f.name, nonnull, ftype, f.selections))
        plan = tuple(entries)
        if len(self._plans) > 50_000:
            self._plans.clear()
        self._plans[key] = (selections, plan)  # holds ``selections``: its id stays its own
        return plan

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

    def _null_error(self, path: LinkedPath, parent: str, field: str) -> None:
        if self.had_errors:
            return
        self.errors.append(
            {
                "message": f"Cannot return null for non-nullable field {parent}.{field}.",
                "path": path_list(path),
            }
        )
        self.had_errors = True

    def object(
        self,
        data: dict[str, Any],
        otype: GraphQLObjectType | GraphQLInterfaceType,
        selections: tuple[Selection, ...],
        path: LinkedPath,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        tname = otype.name
        for key, kind, name, nonnull, ftype, sub in self.p.plan(selections, otype):
            if kind == _TYPENAME:
                out[key] = tname
                continue
            if kind == _INTROSPECTION:
                if extra is not None and key in extra:
                    out[key] = extra[key]
                continue
            raw = data.get(key)
            if raw is None:
                if nonnull:
                    self._null_error((path, key), tname, name)
                    raise _Null
                out[key] = None
                continue
            if kind == _LEAF:
                out[key] = raw  # the common case: no wrapping, nothing to check
                continue
            try:
                out[key] = self.value(raw, ftype, sub, (path, key))  # type: ignore[arg-type]
            except _Null:
                if nonnull:
                    raise
                out[key] = None
        return out

    def _objects(
        self,
        raw: list[Any],
        otype: GraphQLObjectType,
        nullable: bool,
        selections: tuple[Selection, ...],
        path: LinkedPath,
    ) -> list[Any]:
        """A list of objects (the usual list): ``value`` without re-dispatching per item."""
        items: list[Any] = []
        for i, item in enumerate(raw):
            if type(item) is dict:
                try:
                    items.append(self.object(item, otype, selections, (path, i)))
                except _Null:
                    if not nullable:
                        raise
                    items.append(None)
            elif item is None and not nullable:
                raise _Null
            else:
                items.append(None)
        return items

    def value(
        self,
        raw: Any,
        t: GraphQLOutputType,
        selections: tuple[Selection, ...] | None,
        path: LinkedPath,
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
            inner = item_t.of_type if not nullable else item_t
            if type(inner) is GraphQLObjectType:
                return self._objects(raw, inner, nullable, selections or (), path)
            if type(inner) is GraphQLScalarType and (nullable or None not in raw):
                return list(raw)
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
                    "path": path_list(path),
                    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                }
            )
            self.had_errors = True
            raise _Null
        return raw

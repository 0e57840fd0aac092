"""Shape the merged subgraph data into the client's answer, following the API schema.

Walks the normalized operation (aliases, fragments, ``__typename``) over the merged tree,
drops everything the planner fetched for itself (keys, ``@requires`` fields, internal
aliases) and applies null propagation: a null in a non-null position nulls the nearest
nullable ancestor, as the GraphQL spec says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

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


@dataclass(frozen=True, slots=True)
class _ObjectPlan:
    """How to project one object type under one selection set: the fields in order, and the
    same walk compiled into one Python function (``_compile``)."""

    entries: tuple[_Entry, ...]
    build: Callable[[dict[str, Any], _Run, LinkedPath], dict[str, Any]] | None


class _SubPlan:
    """The plan for a field's objects, resolved on first use and then held by the compiled
    function that needs it (no cache lookup per object)."""

    __slots__ = ("otype", "plan", "projector", "selections")

    def __init__(
        self, projector: Projector, selections: tuple[Selection, ...], otype: GraphQLObjectType
    ) -> None:
        self.projector, self.selections, self.otype = projector, selections, otype
        self.plan: _ObjectPlan | None = None

    def get(self) -> _ObjectPlan:
        plan = self.plan
        if plan is None:
            plan = self.plan = self.projector.plan(self.selections, self.otype)
        return plan


def _compile(
    entries: tuple[_Entry, ...], tname: str, projector: Projector
) -> Callable[..., dict[str, Any]] | None:
    """``_Run._walk`` for these entries as straight-line code, built once per plan.

    Projection visits every object of every answer; a generic loop over the entries spends
    most of its time dispatching on each field's kind. The generated function reads each
    key once, checks only what the schema says needs checking, in field order (so errors are
    the loop's), and builds the answer with one dict display. Names are GraphQL names
    (``[_A-Za-z][_0-9A-Za-z]*``), written with ``repr``; types and selections are passed in
    the function's namespace. Introspection entries keep the loop (root only, rare).
    """
    if any(kind == _INTROSPECTION for _, kind, *_ in entries):
        return None
    ns: dict[str, Any] = {"_Null": _Null, "_dict": dict, "_list": list}
    lines = ["def build(data, run, path):", "    get = data.get"]
    items = []
    for i, (key, kind, name, nonnull, ftype, sub) in enumerate(entries):
        v, k = f"v{i}", repr(key)
        items.append(f"{k}: {v}")
        if kind == _TYPENAME:
            lines.append(f"    {v} = {tname!r}")
            continue
        lines.append(f"    {v} = get({k})")
        null = f"run.null_field(path, {k}, {tname!r}, {name!r})"
        if kind == _LEAF:
            if nonnull:
                lines.append(f"    if {v} is None:\n        {null}")
            continue
        ns[f"T{i}"], ns[f"S{i}"] = ftype, sub
        inner = ftype.of_type if type(ftype) is GraphQLNonNull else ftype
        item = inner.of_type if type(inner) is GraphQLList else None
        item_nullable = type(item) is not GraphQLNonNull
        item_type = item if item_nullable else item.of_type  # type: ignore[union-attr]
        if item is not None and type(item_type) is GraphQLObjectType:
            ns[f"P{i}"] = _SubPlan(projector, sub or (), item_type)
            call = (
                f"run.planned_objects({v}, {item_type.name!r}, P{i}.plan or P{i}.get(),"
                f" {item_nullable}, (path, {k})) if type({v}) is _list else None"
            )
        elif type(inner) is GraphQLObjectType:
            ns[f"P{i}"] = _SubPlan(projector, sub or (), inner)
            call = (
                f"run._object({v}, {inner.name!r}, P{i}.plan or P{i}.get(), (path, {k}))"
                f" if type({v}) is _dict else None"
            )
        else:
            call = f"run.value({v}, T{i}, S{i}, (path, {k}))"
        lines += [
            f"    if {v} is None:",
            f"        {null if nonnull else 'pass'}",
            "    else:",
            "        try:",
            f"            {v} = {call}",
            "        except _Null:",
            f"            {'raise' if nonnull else f'{v} = None'}",
        ]
    lines.append(f"    return {{{', '.join(items)}}}")
    exec("\n".join(lines), ns)  # our own text, from the schema's names
    build: Callable[..., dict[str, Any]] = ns["build"]
    return build


class Projector:
    def __init__(self, schema: GraphQLSchema, collector: FieldCollector) -> None:
        self.schema = schema
        self.collector = collector
        self._plans: dict[tuple[int, str], tuple[tuple[Selection, ...], _ObjectPlan]] = {}

    def plan(
        self, selections: tuple[Selection, ...], otype: GraphQLObjectType | GraphQLInterfaceType
    ) -> _ObjectPlan:
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
        plan = _ObjectPlan(tuple(entries), _compile(tuple(entries), otype.name, self))
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
        return self._object(data, otype.name, self.p.plan(selections, otype), path, extra)

    def null_field(self, path: LinkedPath, key: str, parent: str, field: str) -> NoReturn:
        """A non-null field is null: record it (the first such error only) and null upwards."""
        self._null_error((path, key), parent, field)
        raise _Null

    def _object(
        self,
        data: dict[str, Any],
        tname: str,
        plan: _ObjectPlan,
        path: LinkedPath,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if plan.build is not None:
            return plan.build(data, self, path)
        out: dict[str, Any] = {}
        for key, kind, name, nonnull, ftype, sub in plan.entries:
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
                    self.null_field(path, key, tname, name)
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

    def objects(
        self,
        raw: list[Any],
        otype: GraphQLObjectType,
        nullable: bool,
        selections: tuple[Selection, ...],
        path: LinkedPath,
    ) -> list[Any]:
        """A list of objects (the usual list): ``value`` without re-dispatching per item."""
        return self.planned_objects(raw, otype.name, self.p.plan(selections, otype), nullable, path)

    def planned_objects(
        self, raw: list[Any], tname: str, plan: _ObjectPlan, nullable: bool, path: LinkedPath
    ) -> list[Any]:
        items: list[Any] = []
        build = plan.build
        for i, item in enumerate(raw):
            if type(item) is dict:
                try:
                    if build is not None:
                        items.append(build(item, self, (path, i)))
                    else:
                        items.append(self._object(item, tname, plan, (path, i)))
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
                return self.objects(raw, inner, nullable, selections or (), path)
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

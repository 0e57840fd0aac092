"""Collect the fields a selection asks of one concrete object type (cached per node).

Both the planner ("which fields must subgraph S give for a ``Book`` here?") and projection
("which keys does the client get for this ``Book``?") use it.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import GraphQLSchema

from router.operation.tree import Field, InlineFragment, Selection

__all__ = ["FieldCollector"]

_MAX_ENTRIES = 200_000


class FieldCollector:
    """``collect(selections, object_type)`` → fields in order, same response keys merged."""

    def __init__(
        self,
        schema: GraphQLSchema,
        possible_types: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        """``possible_types``: the supergraph's (it also knows ``@inaccessible`` types, which
        keys and ``@requires`` may select)."""
        self._schema = schema
        self._possible = possible_types or {}
        self._cache: dict[tuple[int, str], tuple[Field, ...]] = {}
        self._applies: dict[tuple[str, str], bool] = {}
        self._keep: list[tuple[Selection, ...]] = []

    def applies(self, condition: str | None, object_type: str) -> bool:
        """Does a fragment on ``condition`` apply to an object of ``object_type``?"""
        if condition is None or condition == object_type:
            return True
        key = (condition, object_type)
        hit = self._applies.get(key)
        if hit is None:
            cond = self._schema.get_type(condition)
            obj = self._schema.get_type(object_type)
            if cond is not None and obj is not None:
                hit = cond is not obj and self._schema.is_sub_type(
                    cond,  # type: ignore[arg-type]
                    obj,
                )
            else:
                hit = object_type in self._possible.get(condition, ())
            self._applies[key] = hit
        return hit

    def collect(self, selections: tuple[Selection, ...], object_type: str) -> tuple[Field, ...]:
        key = (id(selections), object_type)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if len(self._keep) > _MAX_ENTRIES:
            self._cache.clear()  # bounded: start over rather than grow with every query
            self._keep.clear()
        out: dict[str, Field] = {}
        self._collect(selections, object_type, out)
        result = tuple(out.values())
        self._cache[key] = result
        self._keep.append(selections)  # keep ids valid while cached
        return result

    def _collect(
        self, selections: tuple[Selection, ...], object_type: str, out: dict[str, Field]
    ) -> None:
        for s in selections:
            if isinstance(s, InlineFragment):
                if self.applies(s.type_condition, object_type):
                    self._collect(s.selections, object_type, out)
                continue
            prev = out.get(s.response_key)
            if prev is None:
                out[s.response_key] = s
            elif prev.selections is not None and s.selections is not None:
                out[s.response_key] = Field(
                    response_key=prev.response_key,
                    name=prev.name,
                    arguments=prev.arguments,
                    selections=prev.selections + s.selections,
                    args_text=prev.args_text,
                    variables=prev.variables,
                )

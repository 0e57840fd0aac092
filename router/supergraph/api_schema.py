"""Build the API schema: the supergraph minus federation machinery and ``@inaccessible`` parts.

Clients validate and introspect against this schema. We drop the ``link``/``join``/
``inaccessible``/``tag`` directive definitions and uses, their helper types, and every
definition, field, argument, enum value, union member or interface marked
``@inaccessible``; graphql-core's ``build_ast_schema`` then builds the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from graphql import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    GraphQLSchema,
    NamedTypeNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    TypeDefinitionNode,
    TypeExtensionNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
)

from router.errors import SupergraphError

__all__ = ["build_api_schema"]


def build_api_schema(
    doc: DocumentNode, *, machinery_prefixes: Iterable[str], inaccessible: str | None
) -> GraphQLSchema:
    """``machinery_prefixes``: local names of features to erase (``join``, ``link``, ``tag``...)."""
    prefixes = tuple(machinery_prefixes)
    dropped_directives = set(prefixes)
    if inaccessible:
        dropped_directives.add(inaccessible)

    def is_machinery(name: str) -> bool:
        return name in dropped_directives or any(name.startswith(f"{p}__") for p in prefixes)

    def hidden(node: Any) -> bool:
        return inaccessible is not None and any(
            d.name.value == inaccessible for d in getattr(node, "directives", None) or ()
        )

    hidden_types = {
        d.name.value
        for d in doc.definitions
        if isinstance(d, TypeDefinitionNode | TypeExtensionNode) and hidden(d)
    }

    def clean_directives(node: Any) -> Any:
        ds = getattr(node, "directives", None)
        if ds:
            node = replace(node, directives=tuple(d for d in ds if not is_machinery(d.name.value)))
        return node

    def clean_args(args: Any) -> tuple[Any, ...]:
        return tuple(clean_directives(a) for a in args or () if not hidden(a))

    out: list[DefinitionNode] = []
    for defn in doc.definitions:
        if isinstance(defn, SchemaDefinitionNode | SchemaExtensionNode):
            out.append(clean_directives(defn))
            continue
        if isinstance(defn, DirectiveDefinitionNode):
            if not is_machinery(defn.name.value):
                out.append(replace(defn, arguments=clean_args(defn.arguments)))
            continue
        name = getattr(getattr(defn, "name", None), "value", None)
        if name is None:
            out.append(defn)
            continue
        if is_machinery(name) or name in hidden_types:
            continue
        changes: dict[str, Any] = {}
        fields = getattr(defn, "fields", None)
        if fields is not None:
            new_fields = []
            for f in fields:
                if hidden(f):
                    continue
                f2 = clean_directives(f)
                if getattr(f2, "arguments", None) is not None:
                    f2 = replace(f2, arguments=clean_args(f.arguments))
                new_fields.append(f2)
            changes["fields"] = tuple(new_fields)
        if isinstance(defn, EnumTypeDefinitionNode):
            changes["values"] = tuple(
                clean_directives(v) for v in defn.values or () if not hidden(v)
            )
        if isinstance(defn, UnionTypeDefinitionNode):
            changes["types"] = tuple(
                t for t in defn.types or () if t.name.value not in hidden_types
            )
        if getattr(defn, "interfaces", None):
            changes["interfaces"] = tuple(
                t
                for t in defn.interfaces  # type: ignore[attr-defined]
                if isinstance(t, NamedTypeNode) and t.name.value not in hidden_types
            )
        out.append(replace(clean_directives(defn), **changes))
    try:
        return build_ast_schema(DocumentNode(definitions=tuple(out)), assume_valid_sdl=True)
    except Exception as exc:  # graphql-core raises TypeError/GraphQLError on bad SDL
        raise SupergraphError(
            f"cannot build the API schema: {exc}",
            hint="check that every @inaccessible element is unreachable from accessible ones",
        ) from exc

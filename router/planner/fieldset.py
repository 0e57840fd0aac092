"""Parse ``join__FieldSet`` strings (``@key``, ``@requires``, ``@provides``) into tree selections.

Fields with arguments get their internal alias (``selection.internal_key``) as response key,
so a ``@requires(fields: "price(currency: \\"EUR\\")")`` never collides with the client's
``price(currency: "USD")``.
"""

from __future__ import annotations

from functools import lru_cache

from graphql import FieldNode, InlineFragmentNode, SelectionSetNode, parse, print_ast

from router.errors import SupergraphError
from router.operation.tree import Field, InlineFragment, Selection
from router.planner.selection import internal_key

__all__ = ["parse_field_set"]


@lru_cache(maxsize=4096)
def parse_field_set(text: str) -> tuple[Selection, ...]:
    try:
        doc = parse("{" + text + "}", no_location=True)
    except Exception as exc:
        raise SupergraphError(f"bad field set {text!r}: {exc}") from exc
    op = doc.definitions[0]
    return _convert(op.selection_set)  # type: ignore[attr-defined]


def _convert(sel: SelectionSetNode) -> tuple[Selection, ...]:
    out: list[Selection] = []
    for node in sel.selections:
        if isinstance(node, FieldNode):
            args = tuple(node.arguments or ())
            args_text = "(" + ", ".join(print_ast(a) for a in args) + ")" if args else ""
            out.append(
                Field(
                    response_key=internal_key(node.name.value, args_text),
                    name=node.name.value,
                    arguments=args,
                    selections=_convert(node.selection_set) if node.selection_set else None,
                    args_text=args_text,
                )
            )
        elif isinstance(node, InlineFragmentNode):
            cond = node.type_condition.name.value if node.type_condition else None
            out.append(InlineFragment(cond, _convert(node.selection_set)))
    return tuple(out)

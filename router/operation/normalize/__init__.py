"""Normalize an operation into the planner's tree (``router.operation.tree``) in one walk.

``normalize_operation`` converts the selected operation's AST recursively, not in separate
passes over the whole tree. With ``max_fields`` it first measures the size the operation would
have with its fragments expanded, without expanding them (``router.operation.measure``: fragments
that each spread the next one twice grow exponentially), and refuses one over the limit before
any work. Then, at each selection, it:

- drops it when ``@skip``/``@include`` say so, decided with the request's variables
  (``drop_skipped_fields.is_skipped``);
- replaces a ``...Spread`` by an inline fragment on the fragment's type condition
  (``inline_fragment_spreads.inline_spread``), converted like any inline fragment;
- lifts the selections of an inline fragment that cannot narrow (no type condition, or the
  parent type itself) into the parent, and leaves out one whose type can never apply under an
  object parent;
- gives ``__schema`` / ``__type`` no sub-selection (graphql-core answers them, not a plan);

and each converted selection set is merged by response key (``merge_fields``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_object_type,
    print_ast,
)
from graphql.language import Visitor, visit

from router.errors import OperationNotFoundError, OperationTooLargeError
from router.operation.measure import DocumentMeasurer
from router.operation.normalize.drop_skipped_fields import is_skipped
from router.operation.normalize.inline_fragment_spreads import inline_spread
from router.operation.normalize.merge_fields import merge_fields
from router.operation.tree import Field, InlineFragment, NormalizedOperation, Selection

__all__ = ["normalize_operation", "select_operation"]


def select_operation(doc: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        for op in ops:
            if op.name and op.name.value == operation_name:
                return op
        raise OperationNotFoundError(f"Unknown operation named '{operation_name}'.")
    if len(ops) != 1:
        raise OperationNotFoundError(
            "Must provide operation name if query contains multiple operations."
            if ops
            else "Must provide an operation."
        )
    return ops[0]


class _Vars(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.names.add(node.name.value)


def normalize_operation(
    schema: GraphQLSchema,
    doc: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any],
    *,
    max_fields: int | None = None,
) -> NormalizedOperation:
    if max_fields is not None:
        fields = DocumentMeasurer(doc).measure(operation).fields
        if fields > max_fields:
            name = f"'{operation.name.value}'" if operation.name else "anonymous operation"
            raise OperationTooLargeError(
                f"{name} has fields count (fragments expanded) {fields},"
                f" over the limit of {max_fields}.",
                actual=fields,
                limit=max_fields,
            )
    fragments = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
    op_type = operation.operation.value
    root = schema.get_root_type(operation.operation)
    assert root is not None  # validation guarantees the root exists

    def convert(sel_set: SelectionSetNode, parent: str) -> tuple[Selection, ...]:
        out: list[Selection] = []
        for node in sel_set.selections:
            if is_skipped(node.directives, variables):
                continue
            if isinstance(node, FragmentSpreadNode):
                node = inline_spread(node, fragments)
            if isinstance(node, FieldNode):
                sub: tuple[Selection, ...] | None = None
                if node.name.value in ("__schema", "__type"):
                    sub = ()  # answered by graphql-core from the API schema, not planned
                elif node.selection_set is not None:
                    ptype = schema.get_type(parent)
                    fdef = ptype.fields[node.name.value]  # type: ignore[union-attr]
                    sub = convert(node.selection_set, get_named_type(fdef.type).name)
                args = tuple(node.arguments or ())
                args_text = ""
                names: frozenset[str] = frozenset()
                if args:
                    args_text = "(" + ", ".join(print_ast(a) for a in args) + ")"
                    v = _Vars()
                    for a in args:
                        visit(a, v)
                    names = frozenset(v.names)
                out.append(
                    Field(
                        response_key=node.alias.value if node.alias else node.name.value,
                        name=node.name.value,
                        arguments=args,
                        selections=sub,
                        args_text=args_text,
                        variables=names,
                    )
                )
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition.name.value if node.type_condition else None
                inner = convert(node.selection_set, cond or parent)
                if cond is None or cond == parent:
                    out.extend(inner)  # flatten_fragments: cannot narrow
                elif is_object_type(schema.get_type(parent)) and not _overlaps(
                    schema, parent, cond
                ):
                    continue  # the fragment can never apply here
                else:
                    out.append(InlineFragment(cond, inner))
        return merge_fields(tuple(out))

    return NormalizedOperation(
        operation_type=op_type,
        name=operation.name.value if operation.name else None,
        root_type=root.name,
        selections=convert(operation.selection_set, root.name),
        variable_definitions={
            v.variable.name.value: v for v in operation.variable_definitions or ()
        },
    )


def _overlaps(schema: GraphQLSchema, obj: str, cond: str) -> bool:
    t = schema.get_type(cond)
    o = schema.get_type(obj)
    if t is None or o is None:
        return False
    if t is o:
        return True
    return schema.is_sub_type(t, o)  # type: ignore[arg-type]

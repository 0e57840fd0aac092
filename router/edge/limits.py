"""Operation limits as graphql-core validation rules, passed to ``Pipeline(extra_rules=...)``.

Each limit is a rule class made once at start-up from settings (graphql-core takes rule classes,
not instances, so the limit is a class attribute). Errors carry ``extensions.code``:

- ``MAX_DEPTH_EXCEEDED``        nesting of fields (fragments expanded) > limit
- ``MAX_ALIASES_EXCEEDED``      aliased fields in the operation (fragments expanded) > limit
- ``MAX_ROOT_FIELDS_EXCEEDED``  fields selected on the root type (fragments expanded) > limit

Fragment spreads are followed with a per-path guard, so a fragment cycle (reported separately by
``NoFragmentCyclesRule``) cannot recurse forever. ``__typename`` does not count towards depth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation.validation_context import ASTValidationContext

from router.settings import LimitSettings

__all__ = [
    "MAX_ALIASES_EXCEEDED",
    "MAX_DEPTH_EXCEEDED",
    "MAX_ROOT_FIELDS_EXCEEDED",
    "compile_limit_rules",
    "max_aliases_rule",
    "max_depth_rule",
    "max_root_fields_rule",
]

MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_ROOT_FIELDS_EXCEEDED = "MAX_ROOT_FIELDS_EXCEEDED"


class _OperationLimitRule(ASTValidationRule):
    """Measures each operation once when it is entered; subclasses define ``measure``."""

    limit: ClassVar[int]
    code: ClassVar[str]
    what: ClassVar[str]

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        value = self.measure(node.selection_set, self.context)
        if value > self.limit:
            name = f"'{node.name.value}'" if node.name else "anonymous operation"
            self.report_error(
                GraphQLError(
                    f"{name} has {self.what} {value}, over the limit of {self.limit}.",
                    node,
                    extensions={"code": self.code, "limit": self.limit, "actual": value},
                )
            )

    @staticmethod
    def measure(selection_set: SelectionSetNode, context: ASTValidationContext) -> int:
        raise NotImplementedError


def _depth(
    selection_set: SelectionSetNode, context: ASTValidationContext, seen: frozenset[str]
) -> int:
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value == "__typename":
                continue
            inner = selection.selection_set
            depth = 1 + (_depth(inner, context, seen) if inner else 0)
        elif isinstance(selection, InlineFragmentNode):
            depth = _depth(selection.selection_set, context, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is None or name in seen:
                continue
            depth = _depth(fragment.selection_set, context, seen | {name})
        else:
            continue
        deepest = max(deepest, depth)
    return deepest


def _count(
    selection_set: SelectionSetNode,
    context: ASTValidationContext,
    seen: frozenset[str],
    counts: Callable[[FieldNode], bool],
    recurse_fields: bool,
) -> int:
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += counts(selection)
            if recurse_fields and selection.selection_set:
                total += _count(selection.selection_set, context, seen, counts, recurse_fields)
        elif isinstance(selection, InlineFragmentNode):
            total += _count(selection.selection_set, context, seen, counts, recurse_fields)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is not None and name not in seen:
                total += _count(
                    fragment.selection_set, context, seen | {name}, counts, recurse_fields
                )
    return total


class _MaxDepth(_OperationLimitRule):
    code = MAX_DEPTH_EXCEEDED
    what = "depth"

    @staticmethod
    def measure(selection_set: SelectionSetNode, context: ASTValidationContext) -> int:
        return _depth(selection_set, context, frozenset())


class _MaxAliases(_OperationLimitRule):
    code = MAX_ALIASES_EXCEEDED
    what = "aliases count"

    @staticmethod
    def measure(selection_set: SelectionSetNode, context: ASTValidationContext) -> int:
        return _count(selection_set, context, frozenset(), lambda f: f.alias is not None, True)


class _MaxRootFields(_OperationLimitRule):
    code = MAX_ROOT_FIELDS_EXCEEDED
    what = "root fields count"

    @staticmethod
    def measure(selection_set: SelectionSetNode, context: ASTValidationContext) -> int:
        return _count(selection_set, context, frozenset(), lambda _f: True, False)


def _rule(base: type[_OperationLimitRule], name: str, limit: int) -> type[ASTValidationRule]:
    return type(name, (base,), {"limit": limit, "__doc__": base.__doc__})


def max_depth_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxDepth, "MaxDepthRule", limit)


def max_aliases_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxAliases, "MaxAliasesRule", limit)


def max_root_fields_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxRootFields, "MaxRootFieldsRule", limit)


def compile_limit_rules(settings: LimitSettings) -> Sequence[type[ASTValidationRule]]:
    """The rules for the limits that are switched on (``None`` switches one off)."""
    rules: list[type[ASTValidationRule]] = []
    if settings.max_depth is not None:
        rules.append(max_depth_rule(settings.max_depth))
    if settings.max_aliases is not None:
        rules.append(max_aliases_rule(settings.max_aliases))
    if settings.max_root_fields is not None:
        rules.append(max_root_fields_rule(settings.max_root_fields))
    return tuple(rules)

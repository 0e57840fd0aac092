"""Operation limits as graphql-core validation rules, passed to ``Pipeline(extra_rules=...)``.

Each limit is a rule class made once at start-up from settings (graphql-core takes rule classes,
not instances, so the limit is a class attribute). Errors carry ``extensions.code``:

- ``MAX_DEPTH_EXCEEDED``        nesting of fields (fragments expanded) > limit
- ``MAX_ALIASES_EXCEEDED``      aliased fields in the operation (fragments expanded) > limit
- ``MAX_ROOT_FIELDS_EXCEEDED``  fields selected on the root type (fragments expanded) > limit
- ``MAX_FIELDS_EXCEEDED``       every field of the operation (fragments expanded) > limit

"Fragments expanded" is computed without expanding anything: ``router.operation.measure``
reads each fragment once (memoized, cycle-safe), shared by the rules of one validation, so a
document whose fragments fan out to 2^30 fields is measured in microseconds. The pipeline runs
these rules before the specification's (``validate_document``), which they protect: some of
those (overlapping fields) are quadratic in the expanded size this bounds.
``__typename`` does not count towards depth.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    OperationDefinitionNode,
    VisitorAction,
)
from graphql.language import SKIP

from router.errors import OperationTooLargeError
from router.operation.measure import DocumentMeasurer, Measure
from router.settings import LimitSettings

__all__ = [
    "MAX_ALIASES_EXCEEDED",
    "MAX_DEPTH_EXCEEDED",
    "MAX_FIELDS_EXCEEDED",
    "MAX_ROOT_FIELDS_EXCEEDED",
    "compile_limit_rules",
    "max_aliases_rule",
    "max_depth_rule",
    "max_fields_rule",
    "max_root_fields_rule",
]

MAX_DEPTH_EXCEEDED = "MAX_DEPTH_EXCEEDED"
MAX_ALIASES_EXCEEDED = "MAX_ALIASES_EXCEEDED"
MAX_ROOT_FIELDS_EXCEEDED = "MAX_ROOT_FIELDS_EXCEEDED"
MAX_FIELDS_EXCEEDED = OperationTooLargeError.code  # the pipeline's own check says the same

_MEASURER = "_router_measurer"  # one measurement per validation, kept on its context


class _OperationLimitRule(ASTValidationRule):
    """Measures each operation of the document once; subclasses pick the figure."""

    limit: ClassVar[int]
    code: ClassVar[str]
    what: ClassVar[str]

    def enter_document(self, node: DocumentNode, *_args: Any) -> VisitorAction:
        measurer: DocumentMeasurer | None = getattr(self.context, _MEASURER, None)
        if measurer is None:  # the first limit rule of this validation measures for all
            measurer = DocumentMeasurer(node)
            setattr(self.context, _MEASURER, measurer)
        for definition in node.definitions:
            if isinstance(definition, OperationDefinitionNode):
                self.check(definition, measurer.measure(definition))
        return SKIP  # nothing else to look at: the rest of the visit is for other rules

    def check(self, node: OperationDefinitionNode, measure: Measure) -> None:
        value = self.figure(measure)
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
    def figure(measure: Measure) -> int:
        raise NotImplementedError


class _MaxDepth(_OperationLimitRule):
    code = MAX_DEPTH_EXCEEDED
    what = "depth"

    @staticmethod
    def figure(measure: Measure) -> int:
        return measure.depth


class _MaxAliases(_OperationLimitRule):
    code = MAX_ALIASES_EXCEEDED
    what = "aliases count"

    @staticmethod
    def figure(measure: Measure) -> int:
        return measure.aliases


class _MaxRootFields(_OperationLimitRule):
    code = MAX_ROOT_FIELDS_EXCEEDED
    what = "root fields count"

    @staticmethod
    def figure(measure: Measure) -> int:
        return measure.root_fields


class _MaxFields(_OperationLimitRule):
    code = MAX_FIELDS_EXCEEDED
    what = "fields count (fragments expanded)"

    @staticmethod
    def figure(measure: Measure) -> int:
        return measure.fields


def _rule(base: type[_OperationLimitRule], name: str, limit: int) -> type[ASTValidationRule]:
    return type(name, (base,), {"limit": limit, "__doc__": base.__doc__})


def max_depth_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxDepth, "MaxDepthRule", limit)


def max_aliases_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxAliases, "MaxAliasesRule", limit)


def max_root_fields_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxRootFields, "MaxRootFieldsRule", limit)


def max_fields_rule(limit: int) -> type[ASTValidationRule]:
    return _rule(_MaxFields, "MaxFieldsRule", limit)


def compile_limit_rules(settings: LimitSettings) -> Sequence[type[ASTValidationRule]]:
    """The rules for the limits that are switched on (``None`` switches one off)."""
    rules: list[type[ASTValidationRule]] = []
    if settings.max_depth is not None:
        rules.append(max_depth_rule(settings.max_depth))
    if settings.max_aliases is not None:
        rules.append(max_aliases_rule(settings.max_aliases))
    if settings.max_root_fields is not None:
        rules.append(max_root_fields_rule(settings.max_root_fields))
    if settings.max_fields is not None:
        rules.append(max_fields_rule(settings.max_fields))
    return tuple(rules)

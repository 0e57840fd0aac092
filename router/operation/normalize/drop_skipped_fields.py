"""Pass: decide ``@skip``/``@include`` now, with the request's variable values.

Plans are cached per distinct set of these booleans (see ``condition_key``), so a plan never
holds Condition nodes and the executor never evaluates directives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor

__all__ = ["condition_key", "condition_variables", "is_skipped"]


def _value(d: DirectiveNode, variables: Mapping[str, Any]) -> bool:
    for a in d.arguments or ():
        if a.name.value == "if":
            v = a.value
            if isinstance(v, BooleanValueNode):
                return v.value
            if isinstance(v, VariableNode):
                return bool(variables.get(v.name.value))
    return True


def is_skipped(directives: Any, variables: Mapping[str, Any]) -> bool:
    for d in directives or ():
        name = d.name.value
        if name == "skip" and _value(d, variables):
            return True
        if name == "include" and not _value(d, variables):
            return True
    return False


class _ConditionVars(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value in ("skip", "include"):
            for a in node.arguments or ():
                if isinstance(a.value, VariableNode):
                    self.names.add(a.value.name.value)


def condition_variables(doc: DocumentNode) -> tuple[str, ...]:
    """Names of variables that drive ``@skip``/``@include`` anywhere in the document."""
    v = _ConditionVars()
    visit(doc, v)
    return tuple(sorted(v.names))


def condition_key(names: tuple[str, ...], variables: Mapping[str, Any]) -> tuple[bool, ...]:
    return tuple(bool(variables.get(n)) for n in names)

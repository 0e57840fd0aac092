"""Text no service can store: the check every subgraph applies to a request before any
resolver runs (variables at any depth, string literals in the document), in one place for
Strawberry's extension (common.graphql.RejectUnstorableText) and the hot path
(common.graphql_exec), which caches the document's half with the parsed document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphql import DocumentNode, StringValueNode, Visitor, visit
from graphql.language import ArgumentNode, ObjectFieldNode

from common.errors import BadUserInput

__all__ = [
    "UNSTORABLE",
    "UNSTORABLE_MESSAGE",
    "unstorable_error",
    "unstorable_literal",
    "unstorable_variables",
]

#: C0 control characters but tab, line feed and carriage return, and lone UTF-16 surrogates.
#: PostgreSQL cannot store NUL (nor encode a lone surrogate as UTF-8); the other controls have
#: no place in text a person writes (XML 1.0, hence feeds and much mail tooling, forbids them
#: too) and are a classic way to smuggle terminal escapes into logs and admin screens.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
UNSTORABLE_MESSAGE = (
    "{where} must not contain control characters "
    "(U+0000 to U+001F other than tab, line feed and carriage return)"
)


def _unstorable_variable(value: Any, path: str) -> str | None:
    """The path of the first string holding an unstorable character, depth first."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                return where
        elif isinstance(item, dict):
            stack.extend((v, f"{where}.{k}") for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in reversed(list(enumerate(item))))
    return None


def unstorable_variables(variables: Mapping[str, Any]) -> str | None:
    """`$name.field[0]` of the first variable string holding unstorable text, else None."""
    for name, value in variables.items():
        where = _unstorable_variable(value, f"${name}")
        if where is not None:
            return where
    return None


class _LiteralFinder(Visitor):
    """The argument (or input field) of the first string literal holding one."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.found: str | None = None

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.names.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.names.append(node.name.value)

    def leave_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.names.pop()

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        if self.found is None and UNSTORABLE.search(node.value):
            self.found = ".".join(self.names) or "a string literal"
            return self.BREAK
        return None


def unstorable_literal(document: DocumentNode) -> str | None:
    """The argument path of the first string literal holding unstorable text, else None."""
    finder = _LiteralFinder()
    visit(document, finder)
    return finder.found


def unstorable_error(where: str) -> BadUserInput:
    leaf = re.sub(r"\[\d+\]", "", where).rsplit(".", 1)[-1].lstrip("$")
    return BadUserInput(UNSTORABLE_MESSAGE.format(where=where), field=leaf, path=where)

"""The normalized operation: fragment spreads inlined, skipped fields dropped, arguments kept.

This is what the planner walks and what projection follows to shape the client's answer.
Nodes are immutable and shared by every request that hits the same cached plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import ArgumentNode, VariableDefinitionNode, print_ast

__all__ = ["Field", "InlineFragment", "NormalizedOperation", "Selection", "print_selections"]


@dataclass(frozen=True, slots=True, eq=False)
class Field:
    response_key: str
    name: str
    arguments: tuple[ArgumentNode, ...] = ()
    selections: tuple[Selection, ...] | None = None
    args_text: str = ""
    """The printed arguments (``(a: 1, b: $v)``) — used to print and to compare fields."""
    variables: frozenset[str] = frozenset()
    """Variable names used by the arguments (not by sub-selections)."""

    @property
    def alias(self) -> str | None:
        return self.response_key if self.response_key != self.name else None


@dataclass(frozen=True, slots=True, eq=False)
class InlineFragment:
    type_condition: str | None
    selections: tuple[Selection, ...]


Selection = Field | InlineFragment


@dataclass(frozen=True, slots=True)
class NormalizedOperation:
    operation_type: str
    name: str | None
    root_type: str
    selections: tuple[Selection, ...]
    variable_definitions: dict[str, VariableDefinitionNode] = field(default_factory=dict)

    def print(self) -> str:
        head = self.operation_type + (f" {self.name}" if self.name else "")
        if self.variable_definitions:
            head += "(" + ", ".join(print_ast(v) for v in self.variable_definitions.values()) + ")"
        return head + " " + print_selections(self.selections)


def print_selections(selections: tuple[Selection, ...], indent: str = "") -> str:
    inner = indent + "  "
    lines = ["{"]
    for s in selections:
        if isinstance(s, Field):
            head = (f"{s.alias}: " if s.alias else "") + s.name + s.args_text
            if s.selections is not None:
                lines.append(f"{inner}{head} {print_selections(s.selections, inner)}")
            else:
                lines.append(f"{inner}{head}")
        else:
            cond = f" on {s.type_condition}" if s.type_condition else ""
            lines.append(f"{inner}...{cond} {print_selections(s.selections, inner)}")
    lines.append(indent + "}")
    return "\n".join(lines)

"""Depth, alias and root-field limits as graphql-core validation rules."""

from __future__ import annotations

import pytest
from graphql import GraphQLError, build_schema, parse, specified_rules, validate

from router.edge.limits import (
    MAX_ALIASES_EXCEEDED,
    MAX_DEPTH_EXCEEDED,
    MAX_FIELDS_EXCEEDED,
    MAX_ROOT_FIELDS_EXCEEDED,
    compile_limit_rules,
    max_aliases_rule,
    max_depth_rule,
    max_fields_rule,
    max_root_fields_rule,
)
from router.settings import LimitSettings

SCHEMA = build_schema(
    """
    type Query { me: User, user(id: ID!): User, a: Int, b: Int, c: Int }
    type User { id: ID!, name: String, friends: [User!]! }
    """
)


def _errors(query: str, *rules: type) -> list[GraphQLError]:
    return validate(SCHEMA, parse(query), list(rules))


def _codes(errors: list[GraphQLError]) -> list[str]:
    return [e.extensions["code"] for e in errors if e.extensions]


def test_depth_counts_nested_fields() -> None:
    query = "{ me { friends { friends { name } } } }"  # depth 4
    assert _errors(query, max_depth_rule(4)) == []
    errors = _errors(query, max_depth_rule(3))
    assert _codes(errors) == [MAX_DEPTH_EXCEEDED]
    assert errors[0].extensions == {"code": MAX_DEPTH_EXCEEDED, "limit": 3, "actual": 4}
    assert "anonymous operation has depth 4, over the limit of 3" in errors[0].message


def test_depth_follows_fragments_and_ignores_typename() -> None:
    query = """
      query Deep { me { ...F } }
      fragment F on User { __typename friends { ... on User { friends { id } } } }
    """
    assert _codes(_errors(query, max_depth_rule(3))) == [MAX_DEPTH_EXCEEDED]
    assert _errors(query, max_depth_rule(4)) == []
    assert _errors("{ __typename me { __typename } }", max_depth_rule(1)) == []


def test_fragment_cycles_terminate() -> None:
    query = """
      { me { ...A } }
      fragment A on User { friends { ...B } }
      fragment B on User { friends { ...A } }
    """
    errors = validate(SCHEMA, parse(query), [*specified_rules, max_depth_rule(10)])
    assert any("Cannot spread fragment" in e.message for e in errors)


def test_aliases_count_through_fragments() -> None:
    query = """
      query Q { x: me { ...F } y: me { id } }
      fragment F on User { n1: name n2: name }
    """
    assert _errors(query, max_aliases_rule(4)) == []
    errors = _errors(query, max_aliases_rule(3))
    assert _codes(errors) == [MAX_ALIASES_EXCEEDED]
    assert "'Q' has aliases count 4" in errors[0].message


def test_root_fields_count() -> None:
    query = "query R { a b ... on Query { c } ...More } fragment More on Query { me { id name } }"
    assert _errors(query, max_root_fields_rule(4)) == []
    assert _codes(_errors(query, max_root_fields_rule(3))) == [MAX_ROOT_FIELDS_EXCEEDED]


def test_each_operation_is_measured_separately() -> None:
    query = "query One { a } query Two { a b c }"
    errors = _errors(query, max_root_fields_rule(2))
    assert len(errors) == 1
    assert "'Two'" in errors[0].message


@pytest.mark.parametrize(
    ("settings", "count"),
    [
        (LimitSettings(), 4),
        (LimitSettings(max_depth=None), 3),
        (
            LimitSettings(max_depth=None, max_aliases=None, max_root_fields=None, max_fields=None),
            0,
        ),
    ],
)
def test_compile_only_enabled_limits(settings: LimitSettings, count: int) -> None:
    assert len(compile_limit_rules(settings)) == count


def test_compiled_rules_keep_their_limits() -> None:
    rules = compile_limit_rules(LimitSettings(max_depth=2, max_aliases=0, max_root_fields=1))
    errors = _errors("{ a: me { friends { id } } b }", *rules)
    assert sorted(_codes(errors)) == [
        MAX_ALIASES_EXCEEDED,
        MAX_DEPTH_EXCEEDED,
        MAX_ROOT_FIELDS_EXCEEDED,
    ]


def _fan_out(levels: int) -> str:
    lines = ["query FanOut { me { ...F0 } }"]
    lines += [
        f"fragment F{i} on User {{ ...F{i + 1} n{i}: name ...F{i + 1} }}" for i in range(levels)
    ]
    lines.append(f"fragment F{levels} on User {{ friends {{ id }} }}")
    return "\n".join(lines)


def test_fields_count_with_fragments_expanded_without_expanding_them() -> None:
    errors = _errors(_fan_out(40), max_fields_rule(1000), max_aliases_rule(30), max_depth_rule(2))
    by_code = {e.extensions["code"]: e.extensions for e in errors if e.extensions}
    # 2^40 leaves of two fields each, 2^40 - 1 aliases, and `me` around them.
    assert by_code[MAX_FIELDS_EXCEEDED]["actual"] == 1 + 2 * 2**40 + 2**40 - 1
    assert by_code[MAX_ALIASES_EXCEEDED]["actual"] == 2**40 - 1
    assert by_code[MAX_DEPTH_EXCEEDED]["actual"] == 3


def test_cycles_count_once_and_terminate() -> None:
    query = """
      { me { ...A } }
      fragment A on User { id ...B ...B }
      fragment B on User { name ...A }
    """
    errors = _errors(query, max_fields_rule(3))
    assert errors
    assert errors[0].extensions
    assert errors[0].extensions["actual"] == 4  # me, id, and B's name twice (B -> A is cut)

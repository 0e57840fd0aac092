"""Normalization passes: spreads inlined, @skip/@include decided, fragments flattened, merged."""

from __future__ import annotations

from typing import Any

import pytest

from router.errors import OperationTooLargeError
from router.operation import normalize_operation, parse_document, select_operation
from router.operation.normalize.drop_skipped_fields import condition_key, condition_variables
from tests.router.harness import supergraph


def _norm(query: str, variables: dict[str, Any] | None = None) -> str:
    schema = supergraph("entities").api_schema
    doc = parse_document(query)
    op = select_operation(doc, None)
    return normalize_operation(schema, doc, op, variables or {}).print()


def test_fragment_spreads_are_inlined_and_flattened() -> None:
    query = """
      query Q { me { ...U } }
      fragment U on User { id name }
    """
    assert _norm(query) == "query Q {\n  me {\n    id\n    name\n  }\n}"


def test_skip_and_include_use_variables() -> None:
    query = "query Q($a: Boolean!) { me { id @skip(if: $a) name @include(if: $a) } }"
    assert _norm(query, {"a": True}) == "query Q($a: Boolean!) {\n  me {\n    name\n  }\n}"
    assert _norm(query, {"a": False}) == "query Q($a: Boolean!) {\n  me {\n    id\n  }\n}"


def test_same_response_keys_are_merged() -> None:
    query = "{ me { reviews { id } reviews { body } } }"
    assert _norm(query) == "query {\n  me {\n    reviews {\n      id\n      body\n    }\n  }\n}"


def test_condition_variables_key_the_plan_cache() -> None:
    doc = parse_document("query Q($a: Boolean!, $b: Int) { me { id @skip(if: $a) } }")
    names = condition_variables(doc)
    assert names == ("a",)
    assert condition_key(names, {"a": True, "b": 1}) != condition_key(names, {"a": False})


def test_an_operation_too_large_once_expanded_is_refused_before_expanding() -> None:
    schema = supergraph("entities").api_schema
    lines = ["query FanOut { me { ...F0 } }"]
    lines += [f"fragment F{i} on User {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30)]
    lines.append("fragment F30 on User { id }")
    doc = parse_document("\n".join(lines))
    op = select_operation(doc, None)
    with pytest.raises(OperationTooLargeError) as info:
        normalize_operation(schema, doc, op, {}, max_fields=1000)
    error = info.value.to_graphql()
    assert error["extensions"] == {
        "code": "MAX_FIELDS_EXCEEDED",
        "limit": 1000,
        "actual": 2**30 + 1,
    }
    small = parse_document("{ me { id name } }")
    assert normalize_operation(schema, small, select_operation(small, None), {}, max_fields=3)

"""Normalization passes: spreads inlined, @skip/@include decided, fragments flattened, merged."""

from __future__ import annotations

from typing import Any

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

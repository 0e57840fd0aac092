"""Parse, validate and variable coercion errors carry Apollo's codes."""

from __future__ import annotations

import pytest

from router.errors import OperationNotFoundError, ParseError, VariablesError
from router.operation import (
    DocumentCache,
    coerce_variables,
    parse_document,
    select_operation,
    validate_document,
)
from tests.router.harness import supergraph


def test_parse_error_code_and_location() -> None:
    with pytest.raises(ParseError) as info:
        parse_document("{ me { id ")
    err = info.value.to_graphql()
    assert err["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert err["locations"]


def test_validation_errors_use_graphql_core_rules() -> None:
    schema = supergraph("entities").api_schema
    errors = validate_document(schema, parse_document("{ me { nope } }"))
    assert [e.to_graphql()["extensions"]["code"] for e in errors] == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nope" in errors[0].message


def test_inaccessible_fields_fail_validation() -> None:
    schema = supergraph("shareable").api_schema
    assert validate_document(schema, parse_document("{ secret }"))


def test_variables_are_coerced_or_rejected() -> None:
    schema = supergraph("entities").api_schema
    op = select_operation(
        parse_document("query Q($n: Int!) { topProducts(first: $n) { upc } }"), None
    )
    assert coerce_variables(schema, op, {"n": 3}) == {"n": 3}
    with pytest.raises(VariablesError) as info:
        coerce_variables(schema, op, {"n": "three"})
    assert info.value.code == "BAD_USER_INPUT"


def test_operation_name_must_match() -> None:
    doc = parse_document("query A { me { id } } query B { me { id } }")
    assert select_operation(doc, "B").name.value == "B"  # type: ignore[union-attr]
    with pytest.raises(OperationNotFoundError):
        select_operation(doc, None)
    with pytest.raises(OperationNotFoundError):
        select_operation(doc, "C")


def test_document_cache_returns_the_same_document() -> None:
    cache = DocumentCache(size=2)
    first = cache.get("{ a }")
    assert cache.get("{ a }") is first
    cache.get("{ b }")
    cache.get("{ c }")
    assert cache.get("{ a }") is not first

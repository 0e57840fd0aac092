"""Accept negotiation (GraphQL-over-HTTP)."""

from __future__ import annotations

import pytest

from router.http.negotiate import GRAPHQL_RESPONSE_JSON, HTML, JSON, negotiate


@pytest.mark.parametrize(
    ("accept", "allow_html", "expected"),
    [
        (None, False, JSON),
        ("", False, JSON),
        ("*/*", False, JSON),
        ("application/json", False, JSON),
        (GRAPHQL_RESPONSE_JSON, False, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", False, GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", False, JSON),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE_JSON}", False, GRAPHQL_RESPONSE_JSON),
        ("application/json; charset=utf-8", False, JSON),
        ("text/plain", False, None),
        ("application/json;q=0", False, None),
        ("text/html,application/xhtml+xml,*/*;q=0.8", True, HTML),
        ("text/html,application/xhtml+xml,*/*;q=0.8", False, JSON),
        ("text/html", False, None),
        (f"text/html;q=0.5, {GRAPHQL_RESPONSE_JSON}", True, GRAPHQL_RESPONSE_JSON),
    ],
)
def test_negotiate(accept: str | None, allow_html: bool, expected: str | None) -> None:
    assert negotiate(accept, allow_html=allow_html) == expected

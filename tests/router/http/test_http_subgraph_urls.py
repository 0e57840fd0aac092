"""Subgraph URL overrides from settings."""

from __future__ import annotations

import pytest

from router.http.subgraph_urls import resolve_subgraph_urls

DECLARED = {"posts": "http://posts:4000/graphql", "users": "http://users:4000/graphql"}


def test_overrides_match_names_case_insensitively() -> None:
    resolved = resolve_subgraph_urls(DECLARED, {"POSTS": "http://127.0.0.1:5001/graphql"})
    assert resolved == {
        "posts": "http://127.0.0.1:5001/graphql",
        "users": "http://users:4000/graphql",
    }


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown subgraphs"):
        resolve_subgraph_urls(DECLARED, {"comments": "http://x/graphql"})

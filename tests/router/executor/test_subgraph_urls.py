"""Subgraph URLs: the supergraph's ``@join__graph(url:)``, with overrides from settings."""

from __future__ import annotations

import pytest

from router.executor.fetcher import subgraph_urls
from router.supergraph import load_supergraph
from tests.gateways import REPO_ROOT

SUPERGRAPH = load_supergraph(
    (REPO_ROOT / "tests" / "fixtures" / "supergraph.graphql").read_text(encoding="utf-8")
)
DECLARED = {
    "posts": "http://127.0.0.1:4102/graphql",
    "ratings": "http://127.0.0.1:4103/graphql",
    "users": "http://127.0.0.1:4101/graphql",
}


def test_the_declared_urls_without_overrides() -> None:
    assert subgraph_urls(SUPERGRAPH) == DECLARED


def test_overrides_match_names_case_insensitively() -> None:
    resolved = subgraph_urls(SUPERGRAPH, {"POSTS": "http://127.0.0.1:5001/graphql"})
    assert resolved == {**DECLARED, "posts": "http://127.0.0.1:5001/graphql"}


def test_unknown_override_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown subgraphs"):
        subgraph_urls(SUPERGRAPH, {"comments": "http://x/graphql"})

"""Our router against Hive Gateway over the real subgraphs: tests/differential/corpus/.

The module starts the platform (tests/support/platform.py: profiles, auth, posts on fresh
databases, our router over their supergraph), Hive Gateway over the same supergraph file
(forwarding Authorization, hive_gateway.config.mjs), and seeds a blog through our router
(blog.py). Each corpus operation is one test: both gateways get the same POST with the same
Authorization header, and must agree on `data` (values and key order), on error presence and on
the errors' `extensions.code`s (``CODE_DIFFERENCES`` lists where Hive names them otherwise).

Known router disagreements are strict xfails (the test flips to a failure once the router is
fixed, so the mark gets removed). Bad credentials are a deliberate difference: the router
verifies tokens at its edge and refuses the request, Hive forwards them and the subgraph
refuses; both must refuse.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from indefinite.supergraph import composer_available
from tests.differential.blog import Seed, seed
from tests.differential.harness import (
    ACCEPT,
    CodePair,
    Difference,
    Operation,
    compare,
    load_corpus,
    post,
)
from tests.gateways import RunningGateway, hive_gateway, node_gateways_available
from tests.support.platform import Platform

CORPUS = Path(__file__).parent / "corpus"
HIVE_CONFIG = Path(__file__).parent / "hive_gateway.config.mjs"
OPERATIONS = load_corpus(CORPUS)

#: Where our router disagrees with Hive Gateway today: operation -> what differs (each runs as a
#: strict xfail). Empty now; `{ __type(name:) }` and `{ __schema { queryType } }` were listed
#: (INTERNAL_SERVER_ERROR, KeyError in router/operation/normalize) until the router fixed them.
KNOWN_DIFFERENCES: dict[str, str] = {}
_COERCION: CodePair = (["BAD_USER_INPUT"], ["-"])
_OPERATION_NAME: CodePair = (["GRAPHQL_UNKNOWN_OPERATION_NAME"], ["OPERATION_RESOLUTION_FAILURE"])
#: Where Hive codes an error differently from the router, by convention (our codes, Hive's):
#: Hive gives variable-coercion errors no code (Apollo Gateway, like us: BAD_USER_INPUT), and
#: calls a missing or unknown operation OPERATION_RESOLUTION_FAILURE.
CODE_DIFFERENCES: dict[str, CodePair] = {
    "057_missing_variable": _COERCION,
    "071_enum_variable_invalid": _COERCION,
    "099_first_as_string_variable": _COERCION,
    "059_ambiguous_operation_without_name": _OPERATION_NAME,
    "110_operation_name_missing": _OPERATION_NAME,
}
#: The router refuses these at its edge (401, errors only); Hive forwards the credential and the
#: subgraph refuses it (UNAUTHENTICATED with `data` null or a null field). A blocked user's
#: token is revoked (common/revocation.py), so the edge refuses it too.
EDGE_REJECTED = {
    "088_blocked_users_token_me",
    "113_me_forged_token",
    "114_posts_with_refresh_token_as_bearer",
    "115_tags_malformed_authorization",
}
#: Error codes the corpus must provoke (on Hive, the reference) to cover what it claims to.
COVERED_CODES = {
    "NOT_FOUND",
    "FORBIDDEN",
    "BAD_USER_INPUT",
    "UNAUTHENTICATED",
    "GRAPHQL_VALIDATION_FAILED",
    "GRAPHQL_PARSE_FAILED",
}

pytestmark = pytest.mark.skipif(
    not (node_gateways_available() and composer_available()) and not os.environ.get("CI"),
    reason="node_modules absent and CI unset: run `npm ci --no-audit --no-fund`",
)


@dataclass(frozen=True)
class Blog:
    platform: Platform
    hive: RunningGateway
    seed: Seed
    client: httpx.AsyncClient

    async def ask(self, url: str, operation: Operation) -> dict[str, Any]:
        bound = self.seed.bind(operation)
        return await post(self.client, url, bound, self.seed.headers(operation.actor))


@pytest.fixture(scope="module")
async def blog(platform: Platform) -> AsyncIterator[Blog]:
    async with (
        hive_gateway(
            platform.supergraph,
            env={
                "CONFIG_PATH": str(HIVE_CONFIG),
                "SUBGRAPH_SHARED_SECRET": platform.subgraph_secret,
            },
        ) as hive,
        httpx.AsyncClient(timeout=30.0, headers=ACCEPT, trust_env=False) as client,
    ):
        yield Blog(platform, hive, await seed(platform), client)


def _case(operation: Operation) -> Any:
    reason = KNOWN_DIFFERENCES.get(operation.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(operation, id=operation.name, marks=marks)


def _codes(body: dict[str, Any]) -> list[str | None]:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


def test_the_corpus_is_large_enough_and_its_marks_name_real_operations() -> None:
    names = {operation.name for operation in OPERATIONS}
    assert len(names) >= 50, f"the blog corpus should hold 50+ operations, has {len(names)}"
    assert set(KNOWN_DIFFERENCES) <= names
    assert set(CODE_DIFFERENCES) <= names
    assert names >= EDGE_REJECTED


@pytest.mark.parametrize(
    "operation", [_case(op) for op in OPERATIONS if op.name not in EDGE_REJECTED]
)
async def test_router_matches_hive(blog: Blog, operation: Operation) -> None:
    ours = await blog.ask(blog.platform.router_url, operation)
    reference = await blog.ask(blog.hive.url, operation)
    reasons = compare(ours, reference, CODE_DIFFERENCES.get(operation.name))
    assert not reasons, str(Difference(operation.name, reasons, ours, reference))


@pytest.mark.parametrize("name", sorted(EDGE_REJECTED))
async def test_bad_credentials_are_refused_by_both(blog: Blog, name: str) -> None:
    [operation] = [op for op in OPERATIONS if op.name == name]
    ours = await blog.ask(blog.platform.router_url, operation)
    reference = await blog.ask(blog.hive.url, operation)
    assert "data" not in ours, ours
    assert _codes(ours) == ["UNAUTHENTICATED"], ours
    assert "UNAUTHENTICATED" in _codes(reference), reference
    assert not any((reference.get("data") or {}).values()), reference


async def test_the_corpus_provokes_every_error_kind_it_claims(blog: Blog) -> None:
    seen: set[str | None] = set()
    errors_expected = 0
    for operation in OPERATIONS:
        reference = await blog.ask(blog.hive.url, operation)
        seen.update(_codes(reference))
        errors_expected += bool(reference.get("errors"))
    assert seen >= COVERED_CODES, COVERED_CODES - seen
    assert 20 <= errors_expected < len(OPERATIONS) - 40, errors_expected

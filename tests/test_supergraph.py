"""supergraph.graphql is composed from the registered subgraphs and is never stale."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from indefinite.supergraph import (
    COMPOSE_SCRIPT,
    DEFAULT_OUTPUT,
    INSTALL_HINT,
    CompositionFailed,
    SubgraphSDL,
    check,
    collect_subgraphs,
    compose,
    composer_available,
    main,
)
from subgraphs.registry import SubgraphEntry
from tests.fixtures.registry import SUBGRAPHS as FIXTURE_SUBGRAPHS

FIXTURE_SUPERGRAPH = Path(__file__).parent / "fixtures" / "supergraph.graphql"

needs_composer = pytest.mark.skipif(
    not composer_available() and not os.environ.get("CI"),
    reason=f"node_modules absent and CI unset: run `{INSTALL_HINT}` to compose locally",
)


@needs_composer
def test_checked_in_supergraph_is_fresh() -> None:
    subgraphs = collect_subgraphs()
    expected = compose(subgraphs) if subgraphs else None
    problem = check(expected, DEFAULT_OUTPUT)
    assert problem is None, problem


@needs_composer
def test_fixture_supergraph_is_fresh() -> None:
    problem = check(compose(collect_subgraphs(FIXTURE_SUBGRAPHS)), FIXTURE_SUPERGRAPH)
    assert problem is None, problem


def test_collect_skips_subgraphs_without_a_module() -> None:
    subgraphs = collect_subgraphs(FIXTURE_SUBGRAPHS, ports={"posts": 9999})
    assert [s.name for s in subgraphs] == ["users", "posts", "ratings"]
    assert subgraphs[1].url == "http://127.0.0.1:9999/graphql"
    assert 'type User @key(fields: "id")' in subgraphs[0].sdl


def test_collect_fails_loudly_on_a_module_without_schema() -> None:
    registry = {"registry": SubgraphEntry("subgraphs.registry", 4999)}
    with pytest.raises(Exception, match="has no `schema`"):
        collect_subgraphs(registry)


@needs_composer
def test_composition_errors_are_listed() -> None:
    link = '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])'
    one = SubgraphSDL(
        "one", "http://127.0.0.1:1/graphql", f"extend schema {link}\ntype Query {{ a: Int }}"
    )
    two = SubgraphSDL(
        "two", "http://127.0.0.1:2/graphql", f"extend schema {link}\ntype Query {{ a: String }}"
    )
    with pytest.raises(CompositionFailed) as info:
        compose([one, two])
    assert any("FIELD_TYPE_MISMATCH" in e and "Query.a" in e for e in info.value.errors)


@needs_composer
def test_compose_script_rejects_malformed_input() -> None:
    proc = subprocess.run(
        ["node", str(COMPOSE_SCRIPT)], input="[]", capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert "non-empty JSON array" in proc.stderr
    proc = subprocess.run(
        ["node", str(COMPOSE_SCRIPT)],
        input=json.dumps([{"name": "x", "sdl": "type Query {"}]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "[x] GRAPHQL_PARSE_FAILED" in proc.stderr


@needs_composer
def test_cli_check_reports_a_stale_file_then_writes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "supergraph.graphql"
    output.write_text("type Query { stale: Int }\n")
    assert main(["--check", "--output", str(output)], registry=FIXTURE_SUBGRAPHS) == 1
    err = capsys.readouterr().err
    assert "is stale" in err
    assert "-type Query { stale: Int }" in err
    assert main(["--output", str(output)], registry=FIXTURE_SUBGRAPHS) == 0
    assert output.read_text() == FIXTURE_SUPERGRAPH.read_text()
    assert main(["--check", "--output", str(output)], registry=FIXTURE_SUBGRAPHS) == 0


def test_cli_without_subgraphs_expects_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = {"absent": SubgraphEntry("tests.fixtures.subgraphs.absent", 4999)}
    output = tmp_path / "supergraph.graphql"
    assert main(["--check", "--output", str(output)], registry=registry) == 0
    output.write_text("type Query { a: Int }\n")
    assert main(["--check", "--output", str(output)], registry=registry) == 1
    assert "no subgraph schema module exists" in capsys.readouterr().err
    assert main(["--output", str(output)], registry=registry) == 0
    assert not output.exists()

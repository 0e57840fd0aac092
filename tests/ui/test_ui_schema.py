"""ui/schema.graphql (what the UI's GraphQL Code Generator reads) is the router's API schema."""

from __future__ import annotations

from pathlib import Path

from indefinite.ui_schema import OUTPUT, api_schema_sdl, check


def test_checked_in_api_schema_is_fresh() -> None:
    problem = check()
    assert problem is None, problem


def test_stale_copy_is_named_with_the_fix(tmp_path: Path) -> None:
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { nothing: Int }\n")
    problem = check(stale)
    assert problem is not None
    assert "indefinite.ui_schema" in problem


def test_api_schema_has_no_federation_machinery() -> None:
    sdl = api_schema_sdl()
    assert "join__" not in sdl
    assert "@link" not in sdl
    assert OUTPUT.read_text() == sdl

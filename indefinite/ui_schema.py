"""Write the router's API schema (what clients see: the supergraph without federation machinery)
to `ui/schema.graphql`, where the UI's GraphQL Code Generator reads it
(`python -m indefinite.ui_schema`), or check that the checked-in copy is current (`--check`, run
by the tests, as for supergraph.graphql).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphql import print_schema

from router.supergraph.loader import load_supergraph

ROOT = Path(__file__).resolve().parent.parent
SUPERGRAPH = ROOT / "supergraph.graphql"
OUTPUT = ROOT / "ui" / "schema.graphql"


def api_schema_sdl(supergraph: Path = SUPERGRAPH) -> str:
    return print_schema(load_supergraph(supergraph.read_text()).api_schema) + "\n"


def check(output: Path = OUTPUT, supergraph: Path = SUPERGRAPH) -> str | None:
    """None when `output` is current, else a sentence saying how to fix it."""
    if not output.exists() or output.read_text() != api_schema_sdl(supergraph):
        rel = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        return (
            f"{rel} is stale: run `.venv/bin/python -m indefinite.ui_schema` "
            "then `npm --prefix ui run codegen`"
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail when the copy is stale")
    args = parser.parse_args(argv)
    if args.check:
        problem = check()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(api_schema_sdl())
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

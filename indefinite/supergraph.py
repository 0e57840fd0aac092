"""Compose `supergraph.graphql` from the subgraphs in `subgraphs/registry.py`.

    python -m indefinite.supergraph            # write supergraph.graphql
    python -m indefinite.supergraph --check    # exit 1 with a diff when the file is stale

Steps: `collect_subgraphs` imports each registered subgraph's schema module (skipping those whose
module does not exist yet) and prints its SDL; `compose` sends the SDLs to `scripts/compose.mjs`
(The Guild's federation composer, under Node) and returns the supergraph; `check` compares it with
the file on disk.

Errors::

    SupergraphError          (code)
    +-- ComposerUnavailable  node or node_modules missing      COMPOSER_UNAVAILABLE
    +-- CompositionFailed    the composer rejected the SDLs     COMPOSITION_FAILED
    +-- SubgraphLoadError    a schema module has no `schema`    SUBGRAPH_LOAD_FAILED
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from subgraphs.registry import SUBGRAPHS, SubgraphEntry, url

__all__ = [
    "COMPOSE_SCRIPT",
    "DEFAULT_OUTPUT",
    "INSTALL_HINT",
    "REPO_ROOT",
    "ComposerUnavailable",
    "CompositionFailed",
    "SubgraphLoadError",
    "SubgraphSDL",
    "SupergraphError",
    "check",
    "collect_subgraphs",
    "collect_subgraphs_at",
    "compose",
    "composer_available",
    "main",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE_SCRIPT = REPO_ROOT / "scripts" / "compose.mjs"
DEFAULT_OUTPUT = REPO_ROOT / "supergraph.graphql"
INSTALL_HINT = "npm ci --no-audit --no-fund"
COMPOSE_TIMEOUT = 120.0


class SupergraphError(Exception):
    code = "SUPERGRAPH_ERROR"
    hint = ""

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message}\nhint: {self.hint}" if self.hint else message


class ComposerUnavailable(SupergraphError):
    code = "COMPOSER_UNAVAILABLE"
    hint = f"install Node 20 and run `{INSTALL_HINT}` at the repository root"


class CompositionFailed(SupergraphError):
    code = "COMPOSITION_FAILED"
    hint = "fix the subgraph schemas listed above; the messages are the composer's own"

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(["composition failed:", *(f"  {e}" for e in self.errors)]))


class SubgraphLoadError(SupergraphError):
    code = "SUBGRAPH_LOAD_FAILED"
    hint = "each subgraphs/<name>/schema.py must define `schema` (a strawberry.federation.Schema)"


class _PrintableSchema(Protocol):
    def as_str(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SubgraphSDL:
    name: str
    url: str
    sdl: str


def _module_exists(module: str) -> bool:
    """True when the module's file is in this checkout (subgraphs/<name>/schema.py).

    Decided by path, not by import machinery: an editable install of another checkout must not
    lend this one a subgraph it does not have.
    """
    base = REPO_ROOT.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def collect_subgraphs(
    registry: Mapping[str, SubgraphEntry] = SUBGRAPHS,
    *,
    host: str = "127.0.0.1",
    ports: Mapping[str, int] | None = None,
) -> list[SubgraphSDL]:
    """SDL of every registered subgraph whose schema module exists, in registry order.

    A module that exists but fails to import raises (a broken subgraph must not vanish from the
    supergraph silently). `ports` overrides default ports, e.g. for test servers on free ports.
    """
    found: list[SubgraphSDL] = []
    for name, entry in registry.items():
        if not _module_exists(entry.module):
            continue
        module = importlib.import_module(entry.module)
        schema: _PrintableSchema | None = getattr(module, "schema", None)
        if schema is None or not callable(getattr(schema, "as_str", None)):
            raise SubgraphLoadError(f"{entry.module} has no `schema` with as_str()")
        port = (ports or {}).get(name, entry.port)
        found.append(SubgraphSDL(name, url(name, host=host, port=port), schema.as_str()))
    return found


def collect_subgraphs_at(
    urls: Mapping[str, str], registry: Mapping[str, SubgraphEntry] = SUBGRAPHS
) -> list[SubgraphSDL]:
    """SDL of exactly the subgraphs named in `urls`, each routed to its given URL, in registry
    order (for services started on free ports: tests, benches). A name the registry lacks, or
    whose schema module does not exist, raises SubgraphLoadError."""
    unknown = [name for name in urls if name not in registry]
    if unknown:
        raise SubgraphLoadError(f"not in the subgraph registry: {', '.join(sorted(unknown))}")
    chosen = {name: entry for name, entry in registry.items() if name in urls}
    found = {s.name: s for s in collect_subgraphs(chosen)}
    missing = [name for name in chosen if name not in found]
    if missing:
        raise SubgraphLoadError(f"no schema module for: {', '.join(missing)}")
    return [SubgraphSDL(name, urls[name], found[name].sdl) for name in chosen]


def composer_available() -> bool:
    """True when node and the composer package are installed."""
    package = REPO_ROOT / "node_modules" / "@theguild" / "federation-composition"
    return shutil.which("node") is not None and package.is_dir()


def compose(subgraphs: Sequence[SubgraphSDL], *, timeout: float = COMPOSE_TIMEOUT) -> str:
    """The supergraph SDL for `subgraphs` (raises CompositionFailed with the composer's errors)."""
    if not subgraphs:
        raise CompositionFailed(["no subgraphs to compose"])
    node = shutil.which("node")
    if node is None or not composer_available():
        raise ComposerUnavailable("node or node_modules/@theguild/federation-composition missing")
    payload = json.dumps([{"name": s.name, "url": s.url, "sdl": s.sdl} for s in subgraphs])
    proc = subprocess.run(
        [node, str(COMPOSE_SCRIPT)],
        input=payload,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=timeout,
        check=False,
    )
    if proc.returncode == 1:
        lines = [line.strip() for line in proc.stderr.splitlines()[1:] if line.strip()]
        raise CompositionFailed(lines or [proc.stderr.strip()])
    if proc.returncode != 0:
        raise SupergraphError(f"compose.mjs exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def check(expected: str | None, path: Path, *, context_lines: int = 80) -> str | None:
    """None when `path` holds `expected` (None: the file must be absent), else a diff message."""
    actual = path.read_text() if path.exists() else None
    if actual == expected:
        return None
    if expected is None:
        return f"{path} exists but no subgraph schema module exists to compose it from"
    diff = difflib.unified_diff(
        (actual or "").splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{path.name} (checked in)",
        tofile=f"{path.name} (composed now)",
    )
    lines = list(diff)
    shown = "".join(lines[:context_lines])
    more = (
        f"\n... {len(lines) - context_lines} more diff lines" if len(lines) > context_lines else ""
    )
    state = "missing" if actual is None else "stale"
    return (
        f"{path} is {state}: run `python -m indefinite.supergraph` (make supergraph) and commit"
        f" it.\n{shown}{more}"
    )


def main(
    argv: Sequence[str] | None = None, *, registry: Mapping[str, SubgraphEntry] = SUBGRAPHS
) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m indefinite.supergraph", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="fail when the file is stale")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="supergraph file")
    args = parser.parse_args(argv)
    output: Path = args.output

    try:
        subgraphs = collect_subgraphs(registry)
        expected = compose(subgraphs) if subgraphs else None
    except SupergraphError as exc:
        print(f"error[{exc.code}]: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(s.name for s in subgraphs) or "none"

    if args.check:
        problem = check(expected, output)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        print(f"{output} is up to date (subgraphs: {names})")
        return 0

    if expected is None:
        if output.exists():
            output.unlink()
        print(f"no subgraph schema module exists yet; {output} not written")
        return 0
    output.write_text(expected)
    print(f"wrote {output} (subgraphs: {names})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

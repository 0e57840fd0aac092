"""Every import inside ``router/`` points down the layers (read with ``ast``, nothing imported).

From the bottom: shared leaves (types, errors, lru) < supergraph < operation < planner <
executor (runs plans) < pipeline (the core's face, ``GraphQLEngine``) < edge (settings, limits,
auth, metrics) < rest < http (which mounts rest) < entry points. A module may import its own
layer or lower ones, never a higher one: the core knows nothing of HTTP, and the HTTP layer
knows the core only through ``router.pipeline``'s typed interface.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.gateways import REPO_ROOT

ROUTER = REPO_ROOT / "router"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("router.types", "router.errors", "router.lru"),
    ("router.supergraph",),
    ("router.operation", "router.introspection"),
    ("router.planner",),
    ("router.executor", "router.subscription"),  # subscription: subgraph sockets + per-event plan
    ("router.pipeline", "router.reload", "router"),  # ``router/__init__.py`` re-exports the core
    ("router.settings", "router.edge", "router.metrics"),
    ("router.rest",),
    ("router.http",),
    ("router.__main__", "router.cli"),
)


def layer_of(module: str) -> int:
    """The layer of the longest prefix of ``module`` named in LAYERS."""
    matches = [
        (len(prefix), index)
        for index, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"{module} is in no layer: add it to LAYERS"
    return max(matches)[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, module) of every ``router`` import in the file, at any depth (lazy ones too)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return [(line, name) for line, name in found if name.split(".")[0] == "router"]


def test_router_imports_point_down_the_layers() -> None:
    upward: list[str] = []
    files = sorted(ROUTER.rglob("*.py"))
    assert len(files) > 50
    for path in files:
        module = module_name(path)
        own = layer_of(module)
        for line, target in imported_modules(path, module):
            if layer_of(target) > own:
                upward.append(f"{path.relative_to(REPO_ROOT)}:{line} {module} -> {target}")
    assert not upward, "imports pointing up a layer:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The walker finds lazy and relative imports (so the test above can fail)."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from router.http.app import app\nfrom . import errors\n")
    found = imported_modules(source, "router.planner.x")
    assert sorted(found) == [(2, "router.http.app"), (3, "router.planner")]
    assert layer_of("router.http.app") > layer_of("router.planner.x")

"""Generate the gRPC code from `protos/**/*.proto` (`python -m indefinite.protos`), or check
that the checked-in code is current (`--check`, run by the tests).

Generated modules sit beside their .proto files and import each other as
`protos.indefinite.<service>.v1.<name>_pb2`, so `protos/` is an ordinary package.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

import grpc_tools
from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"
GENERATED_SUFFIXES = ("_pb2.py", "_pb2.pyi", "_pb2_grpc.py")


def proto_files() -> list[Path]:
    return sorted(PROTOS.rglob("*.proto"))


def generate(out: Path) -> None:
    include = Path(grpc_tools.__file__).parent / "_proto"
    files = [str(p.relative_to(ROOT)) for p in proto_files()]
    if not files:
        return
    args = [
        "grpc_tools.protoc",
        f"-I{ROOT}",
        f"-I{include}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *files,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for directory in {p.parent for p in (out / "protos").rglob("*.proto")} | {
        p.parent for p in (out / "protos").rglob("*_pb2.py")
    }:
        (directory / "__init__.py").touch()


def generated_files(base: Path) -> set[Path]:
    return {
        p.relative_to(base)
        for suffix in GENERATED_SUFFIXES
        for p in (base / "protos").rglob(f"*{suffix}")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if generated code is stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out)
        fresh = generated_files(out)
        current = generated_files(ROOT)
        if args.check:
            stale = sorted(
                str(p)
                for p in fresh | current
                if p not in fresh
                or p not in current
                or not filecmp.cmp(out / p, ROOT / p, shallow=False)
            )
            if stale:
                print("stale generated gRPC code (run `make protos`):", *stale, sep="\n  ")
                return 1
            return 0
        for p in current - fresh:
            (ROOT / p).unlink()
        for p in fresh:
            (ROOT / p).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / p, ROOT / p)
            init = (ROOT / p).parent / "__init__.py"
            init.touch()
    for directory in [PROTOS, *[d for d in PROTOS.rglob("*") if d.is_dir()]]:
        (directory / "__init__.py").touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())

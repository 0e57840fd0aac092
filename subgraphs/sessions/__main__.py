"""`python -m subgraphs.sessions [serve]` (serve is the default; Redis needs no migrations)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

from common.service import init_observability, serve
from subgraphs.sessions.app import create_app
from subgraphs.sessions.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.sessions", description=__doc__)
    parser.add_argument("command", nargs="?", default="serve", choices=["serve"])
    parser.parse_args(argv)
    settings = Settings()
    init_observability(settings)
    asyncio.run(serve(partial(create_app, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

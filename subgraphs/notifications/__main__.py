"""`python -m subgraphs.notifications [serve|migrate]` (serve is the default)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

from common.service import init_observability, serve
from subgraphs.notifications.app import create_app, migrate
from subgraphs.notifications.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.notifications", description=__doc__)
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    settings = Settings()
    init_observability(settings)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
    else:
        asyncio.run(serve(partial(create_app, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

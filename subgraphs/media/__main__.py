"""`python -m subgraphs.media [serve|migrate|gc]` (serve is the default); gc runs one pass of
the orphan collector and prints what it removed."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

import orjson

from common.service import init_observability, serve
from subgraphs.media.app import collect, create_app, migrate
from subgraphs.media.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.media", description=__doc__)
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate", "gc"])
    args = parser.parse_args(argv)
    settings = Settings()
    init_observability(settings)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
    elif args.command == "gc":
        print(orjson.dumps(asyncio.run(collect(settings)).__dict__).decode())
    else:
        asyncio.run(serve(partial(create_app, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

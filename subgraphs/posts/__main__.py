"""`python -m subgraphs.posts [serve|migrate]` (serve is the default)."""

from __future__ import annotations

import argparse
import asyncio
from functools import partial

from common.service import init_observability, serve
from subgraphs.posts.app import create_app, migrate
from subgraphs.posts.settings import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.posts")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "migrate"])
    args = parser.parse_args(argv)
    settings = Settings()
    init_observability(settings)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
    else:
        asyncio.run(serve(partial(create_app, settings)))


if __name__ == "__main__":
    main()

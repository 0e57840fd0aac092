"""`python -m subgraphs.feed [serve|rebuild [--clear]]` (serve is the default).

rebuild replays every post from posts (StreamPosts) and author names from profiles into Redis,
in place (see FeedStore.rebuild); `--clear` empties the read model first."""

from __future__ import annotations

import argparse
import asyncio

import orjson

from common.service import init_observability, serve
from subgraphs.feed.app import create_app, open_redis
from subgraphs.feed.service import FeedStore
from subgraphs.feed.settings import Settings
from subgraphs.feed.upstream import rebuild_from_services


async def rebuild(settings: Settings, *, clear: bool) -> None:
    redis = open_redis(settings)
    try:
        result = await rebuild_from_services(
            FeedStore(redis),
            settings,
            clear=clear,
            lock_wait=settings.feed_rebuild_deadline_seconds,  # after a running one, if any
        )
    finally:
        await redis.aclose()
    print(orjson.dumps(result.__dict__).decode())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.feed")
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "rebuild"])
    parser.add_argument("--clear", action="store_true", help="rebuild: empty the model first")
    args = parser.parse_args(argv)
    settings = Settings()
    init_observability(settings)
    if args.command == "rebuild":
        asyncio.run(rebuild(settings, clear=args.clear))
    else:
        asyncio.run(serve(create_app(settings)))


if __name__ == "__main__":
    main()

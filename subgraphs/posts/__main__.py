"""`python -m subgraphs.posts [serve|migrate]` (serve is the default)."""

from __future__ import annotations

import sys

from common.service import serve_or_migrate
from subgraphs.posts.app import create_app, migrate
from subgraphs.posts.settings import Settings


def main(argv: list[str] | None = None) -> int:
    return serve_or_migrate("posts", Settings, create_app, migrate, argv)


if __name__ == "__main__":
    sys.exit(main())

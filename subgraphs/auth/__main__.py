"""`python -m subgraphs.auth [serve|migrate|create-owner]` (serve is the default).

create-owner --email E --password P --login L
    (or FIRST_OWNER_EMAIL / FIRST_OWNER_PASSWORD / FIRST_OWNER_LOGIN)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

from common.errors import AppError
from common.service import init_observability, serve
from subgraphs.auth.app import create_app, create_owner, migrate
from subgraphs.auth.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.auth", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the service (default)")
    commands.add_parser("migrate", help="apply the database migrations")
    owner = commands.add_parser("create-owner", help="create or promote the first OWNER")
    owner.add_argument("--email")
    owner.add_argument("--password")
    owner.add_argument("--login")
    args = parser.parse_args(argv)

    settings = Settings()
    init_observability(settings)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
        return 0
    if args.command == "create-owner":
        email = args.email or settings.first_owner_email
        password = args.password or settings.first_owner_password.get_secret_value()
        login = args.login or settings.first_owner_login
        if not (email and password and login):
            parser.error("create-owner needs --email, --password and --login (or FIRST_OWNER_*)")
        try:
            user_id = asyncio.run(
                create_owner(settings, email=email, password=password, login=login)
            )
        except AppError as exc:
            print(f"create-owner failed: {exc.message}", file=sys.stderr)
            return 1
        print(f"owner {email} is {user_id}")
        return 0
    asyncio.run(serve(partial(create_app, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

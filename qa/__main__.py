"""`python -m qa run [--journey J] [--base-url URL]`: every journey once, a table of steps; exit 1
on a failure, 2 when every journey was skipped (missing settings: nothing was checked).
`python -m qa serve`: the journeys on a schedule, with /metrics. `python -m qa load`: the load
profile (Locust). Settings: `QA_*` variables (qa/settings.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from qa.journeys import JOURNEYS
from qa.settings import QaSettings


def settings_from(args: argparse.Namespace) -> QaSettings:
    overrides: dict[str, Any] = {}
    if args.base_url:
        overrides["base_url"] = args.base_url
    return QaSettings(**overrides)


def run(args: argparse.Namespace) -> int:
    from qa.run import format_table, run_journeys

    settings = settings_from(args)
    names = args.journey or list(JOURNEYS)
    results = asyncio.run(run_journeys(names, settings, concurrency=args.concurrency))
    print(format_table(results), flush=True)
    if not all(result.ok for result in results):
        return 1
    if all(result.skipped for result in results):
        print("nothing was checked: every journey was skipped", flush=True)
        return 2
    return 0


def serve(args: argparse.Namespace) -> int:
    from qa.prober import serve_forever

    asyncio.run(serve_forever(settings_from(args)))
    return 0


def load(args: argparse.Namespace) -> int:
    from qa.load.runner import run_load

    return run_load(settings_from(args), args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("run", help="run the journeys once and print a table")
    one.add_argument("--journey", action="append", choices=list(JOURNEYS), help="repeatable")
    one.add_argument("--concurrency", type=int, default=1, help="journeys at once")
    prober = commands.add_parser("serve", help="run the journeys on a schedule, serve /metrics")
    profile = commands.add_parser("load", help="the load profile (Locust, loopback only)")
    profile.add_argument("--weights", default=None, help="YAML weights file")
    profile.add_argument("--users", type=int, default=20)
    profile.add_argument("--spawn-rate", type=float, default=10.0)
    profile.add_argument("--seconds", type=float, default=30.0)
    profile.add_argument("--max-requests", type=int, default=20_000)
    profile.add_argument(
        "--idle", action="store_true", help="only the platform's CPU without load (baseline)"
    )
    for sub in (one, prober, profile):
        sub.add_argument("--base-url", default=None, help="the router (QA_BASE_URL)")
    args = parser.parse_args(argv)
    handlers = {"run": run, "serve": serve, "load": load}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

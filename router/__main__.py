"""``python -m router --supergraph PATH [--listen HOST:PORT] [--config FILE]``: serve the router."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog
import uvicorn

from router.http.app import create_app
from router.settings import load_settings

__all__ = ["main"]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m router", description=__doc__)
    parser.add_argument("--supergraph", type=Path, help="supergraph SDL file (ROUTER_SUPERGRAPH)")
    parser.add_argument("--listen", help="HOST:PORT to listen on (default 127.0.0.1:4000)")
    parser.add_argument("--config", type=Path, help="YAML or JSON settings file")
    parser.add_argument("--log-level", help="debug, info, warning, error")
    return parser.parse_args(argv)


def _configure_logging(level: str) -> None:
    """JSON lines with the request's bound contextvars (``track_id``) on each of them."""
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    logging.basicConfig(level=numeric, stream=sys.stderr, format="%(message)s")
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = _parse_args(argv)
    overrides: dict[str, Any] = {}
    if args.supergraph is not None:
        overrides["supergraph"] = args.supergraph
    if args.listen is not None:
        overrides["listen"] = args.listen
    if args.log_level is not None:
        overrides["log_level"] = args.log_level
    settings = load_settings(args.config, **overrides)
    _configure_logging(settings.log_level)
    app = create_app(settings)
    structlog.get_logger("router").info(
        "router.starting", listen=settings.listen, graphql=f"http://{settings.listen}/graphql"
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
        proxy_headers=False,
    )


if __name__ == "__main__":
    main()

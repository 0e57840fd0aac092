"""``python -m router --supergraph PATH [--listen HOST:PORT] [--config FILE]``: serve the router."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog
import uvicorn

from common.graveyard import init_graveyard
from common.logging import configure_logging
from common.tracing import init_tracing
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


def tune_gc(gen0_threshold: int) -> None:
    """Freeze start-up objects out of the collector's sight and collect young objects less often.

    Every request allocates thousands of short-lived dicts (subgraph answers, the merged tree,
    the response); with the default threshold (700) the collector keeps re-scanning what is in
    flight, which grows with concurrency: under the gateways benchmark at 50 connections this
    cost a third of the router's CPU. Answers hold no reference cycles, so fewer collections
    only delay freeing the rare cyclic garbage. ``0`` keeps the interpreter's defaults.
    """
    if gen0_threshold <= 0:
        return
    gc.collect()
    gc.freeze()  # supergraph, schema, compiled settings: never scanned again
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0_threshold, gen1, gen2)


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
    # JSON lines with service="router" and the request's track_id (bound by the edge).
    configure_logging(
        "router", level=settings.log_level, json=settings.log_json, file=settings.log_file
    )
    init_graveyard(settings.sentry_dsn, service="router", environment=settings.environment)
    init_tracing("router", environment=settings.environment)  # before the app: its middleware
    app = create_app(settings)
    tune_gc(settings.gc_gen0_threshold)
    log = structlog.get_logger("router")
    if settings.jwt.jwks_url is None:
        log.warning("router.jwt_disabled", hint="set jwt.jwks_url; tokens pass unverified")
    elif not settings.redis_url:
        log.warning(
            "router.revocation_disabled",
            hint="set REDIS_URL (auth's Redis): revoked tokens pass until they expire",
        )
    log.info("router.starting", listen=settings.listen, graphql=f"http://{settings.listen}/graphql")
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,
        log_config=None,  # keep common.logging's JSON handler for uvicorn's loggers too
        proxy_headers=False,
        # longer than a load balancer's idle timeout (60 s is usual): whoever closes an idle
        # connection first must be the client, or its next request meets a reset (a 502)
        timeout_keep_alive=75,
        loop="uvloop",  # uvicorn[standard]: libuv event loop and the httptools parser
        http="httptools",
    )


if __name__ == "__main__":
    main()

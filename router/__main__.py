"""``python -m router --supergraph PATH [--listen HOST:PORT] [--config FILE]``: serve the router."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog
import uvicorn

from common.graveyard import init_graveyard
from common.logging import configure_logging
from common.runtime import tune_gc
from common.tracing import init_tracing
from common.workers import is_worker, listening_socket, run_workers, worker_count
from router.http.app import create_app
from router.http.server import RouterServer
from router.settings import load_settings

__all__ = ["main"]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m router", description=__doc__)
    parser.add_argument("--supergraph", type=Path, help="supergraph SDL file (ROUTER_SUPERGRAPH)")
    parser.add_argument("--listen", help="HOST:PORT to listen on (default 127.0.0.1:4000)")
    parser.add_argument("--config", type=Path, help="YAML or JSON settings file")
    parser.add_argument("--log-level", help="debug, info, warning, error")
    return parser.parse_args(argv)


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
    workers = worker_count(settings.workers, production=settings.environment == "production")
    if workers > 1 and not is_worker():
        asyncio.run(run_workers(workers, name="router"))  # each runs this main() again
        return
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
    config = uvicorn.Config(
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
        timeout_graceful_shutdown=10,
        loop="uvloop",  # uvicorn[standard]: libuv event loop and the httptools parser
        http="httptools",
    )
    # a worker shares the port with the others (SO_REUSEPORT); alone, uvicorn binds it
    sockets = [listening_socket(settings.host, settings.port)] if is_worker() else None
    server = RouterServer(config, app.state.subscriptions)
    server.run(sockets=sockets)
    if not server.started:
        sys.exit(3)  # what uvicorn.run does when start-up fails


if __name__ == "__main__":
    main()

"""Structured logs for Elasticsearch: one ECS-shaped JSON object per line (`ecs-logging`'s
structlog formatter): `@timestamp`, `message`, `log.level`, `log.logger`, `service.name`,
`track_id`, `trace.id`/`span.id` (the OpenTelemetry span in hand), `user.id` where a verified
user is known, and nothing secret (common.redaction runs on every line, console or JSON).
Standard-library loggers (uvicorn, alembic, aiokafka) go through the same renderer so nothing
prints unstructured lines.

With `json=False` (LOG_JSON=false, as `make dev` runs the services) the same events print as
structlog's console lines, in colour on a terminal or when FORCE_COLOR is set (`make dev` reads
its children's output through pipes), never when NO_COLOR is set. With `file=` (LOG_FILE;
`make dev` gives each service `.data/logs/<service>.jsonl`) the JSON lines are appended there
too, whatever the console shows: that is what `python -m indefinite.logs` reads.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import ecs_logging
import structlog
from opentelemetry import trace

from common.graveyard import capture_log
from common.redaction import redact, redact_text

__all__ = ["bind_user_id", "configure_logging", "ecs_renderer", "get_logger", "shared_processors"]

# ECS fields that are objects (but `event`, our message): a plain value logged under one of
# these names would make the document unindexable (a mapping conflict), so it moves to
# `<name>.value` ("error" to "error.message", "service" to "service.name").
_ECS_OBJECTS = frozenset(
    [
        "agent",
        "client",
        "cloud",
        "container",
        "destination",
        "dns",
        "ecs",
        "error",
        "file",
        "host",
        "http",
        "labels",
        "log",
        "network",
        "observer",
        "orchestrator",
        "organization",
        "package",
        "process",
        "related",
        "rule",
        "server",
        "service",
        "session",
        "source",
        "span",
        "tags",
        "threat",
        "tls",
        "trace",
        "transaction",
        "url",
        "user",
        "user_agent",
        "logger",
    ]
)
_RENAMED = {"error": "error.message", "service": "service.name", "logger": "log.logger"}


def configure_logging(
    service: str, *, level: str = "INFO", json: bool = True, file: str | Path | None = None
) -> None:
    shared = shared_processors(service)
    console: structlog.types.Processor = (
        ecs_renderer() if json else structlog.dev.ConsoleRenderer(colors=_colors())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handlers: list[logging.Handler] = [_handler(logging.StreamHandler(sys.stdout), shared, console)]
    if file:
        Path(file).parent.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(file, encoding="utf-8")
        handlers.append(_handler(to_file, shared, ecs_renderer()))
    root = logging.getLogger()
    root.handlers[:] = handlers
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True


def shared_processors(service: str) -> list[structlog.types.Processor]:
    """What every line goes through before it is rendered (for the console or for ECS)."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service(service),
        _add_trace_context,
        capture_log,  # before format_exc_info: the graveyard wants the exception itself
        structlog.processors.format_exc_info,
        _redact,
    ]


def ecs_renderer() -> structlog.types.Processor:
    """ECS JSON: our keys moved off ECS object names, then ecs-logging's formatter."""
    formatter = ecs_logging.StructlogFormatter()

    def render(logger: Any, method: str, event: structlog.types.EventDict) -> str:
        event.pop("timestamp", None)  # ecs-logging stamps `@timestamp` itself
        level = str(event.pop("level", method))  # `log.level`; "exception" logs at error
        for key in [k for k in event if k in _ECS_OBJECTS and not isinstance(event[k], dict)]:
            event[_RENAMED.get(key, f"{key}.value")] = event.pop(key)
        rendered: str = formatter(logger, level, dict(event))  # "exception" -> error.stack_trace
        return rendered

    return render


def bind_user_id(user_id: object) -> None:
    """Name the verified user on the request's log lines (`user.id`): an id, never an email."""
    structlog.contextvars.bind_contextvars(**{"user.id": str(user_id)})


def _redact(_logger: Any, _method: str, event: structlog.types.EventDict) -> Any:
    message = event.get("event")
    cleaned = redact(event)
    if isinstance(message, str):  # the message itself is never a "sensitive key"
        cleaned["event"] = redact_text(message)
    return cleaned


def _add_trace_context(
    _logger: Any, _method: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace.id", format(context.trace_id, "032x"))
        event.setdefault("span.id", format(context.span_id, "016x"))
    return event


def _handler(
    handler: logging.Handler,
    shared: list[structlog.types.Processor],
    renderer: structlog.types.Processor,
) -> logging.Handler:
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    return handler


def _colors() -> bool:
    if "NO_COLOR" in os.environ:
        return False
    return "FORCE_COLOR" in os.environ or sys.stdout.isatty()


def _add_service(service: str) -> structlog.types.Processor:
    def processor(
        _logger: Any, _method: str, event: structlog.types.EventDict
    ) -> structlog.types.EventDict:
        event.setdefault("service", service)
        return event

    return processor


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger

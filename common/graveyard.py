"""The graveyard: every exception and error log line of every process reaches one inbox
(Sentry, or anything speaking its envelope protocol) when `SENTRY_DSN` is set.

What reaches it:
- unhandled exceptions in HTTP handlers (Starlette integration), in asyncio tasks (asyncio
  integration, enabled inside the running loop by `enable_asyncio`) and in gRPC methods;
- every log line at ERROR or above, from structlog or the standard library (`capture_log`, a
  structlog processor: the line's fields travel as the event's `extra`, already redacted);
- resolver errors (common.graphql) and the first failure of a Kafka handler (common.events).

Every event carries the tags `service`, `environment`, `release` (SENTRY_RELEASE) and the
`track_id` of the request or event in hand, plus `trace_id` when a span is in hand. PII never
leaves: `send_default_pii` is off, Sentry's scrubber drops sensitive variables and headers, and
`before_send` runs the whole event through common.redaction (emails, JWTs, bearer tokens).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import sentry_sdk
from opentelemetry import trace
from sentry_sdk.integrations.asyncio import AsyncioIntegration
from sentry_sdk.integrations.grpc import GRPCIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.integrations.starlette import StarletteIntegration
from sentry_sdk.integrations.strawberry import StrawberryIntegration
from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber
from structlog.contextvars import get_contextvars

from common.redaction import REDACTED, redact
from common.tracking import current_track_id

__all__ = ["capture_log", "enable_asyncio", "init_graveyard"]

_ERROR_LEVELS = frozenset({"error", "exception", "critical", "fatal"})
_EXTRA_DENYLIST = ["email", "phone", "refresh_token", "access_token", "id_token", "otp"]


def init_graveyard(
    dsn: str | None, *, service: str, environment: str, release: str | None = None
) -> bool:
    """Start the Sentry client when a DSN is given; False (nothing sent) without one."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,  # None: the SDK reads SENTRY_RELEASE
        server_name=service,
        send_default_pii=False,
        # frame locals hold raw ASGI scopes (header pairs, not dicts: no scrubber sees them)
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,  # traces go to OpenTelemetry (common.tracing)
        default_integrations=True,
        integrations=[
            StarletteIntegration(),
            GRPCIntegration(),
            # our schemas resolve asynchronously; left to guess, the integration warns on every
            # schema built after init (an error under the tests' warnings-as-errors)
            StrawberryIntegration(async_execution=True),
            # structlog's error lines are captured by `capture_log` with their fields; the
            # logging integration would send the same record again, unredacted, as text.
            LoggingIntegration(level=None, event_level=None),
        ],
        event_scrubber=EventScrubber(
            denylist=[*DEFAULT_DENYLIST, *DEFAULT_PII_DENYLIST, *_EXTRA_DENYLIST],
            recursive=True,
        ),
        before_send=_before_send,
    )
    sentry_sdk.set_tag("service", service)
    return True


def enable_asyncio() -> None:
    """Report exceptions of asyncio tasks that nobody awaits (call inside the running loop)."""
    client = sentry_sdk.get_client()
    if client.is_active() and AsyncioIntegration.identifier not in client.integrations:
        from sentry_sdk.integrations.asyncio import enable_asyncio_integration

        enable_asyncio_integration()


def capture_log(_logger: Any, method: str, event: MutableMapping[str, Any]) -> Any:
    """A structlog processor: error lines become Sentry events (once each, even when several
    handlers format the same standard-library record)."""
    if method not in _ERROR_LEVELS or not sentry_sdk.get_client().is_active():
        return event
    record = event.get("_record")
    if record is not None:
        if getattr(record, "_graveyard_sent", False) or _reported_by_asyncio(record):
            return event
        record._graveyard_sent = True
    exc_info = event.get("exc_info")
    if exc_info is True:
        exc_info = sys.exc_info()
    message = str(event.get("event", ""))
    extra = {
        k: v
        for k, v in redact(event).items()
        if not k.startswith("_") and k not in ("event", "exc_info", "exception")
    }
    with sentry_sdk.new_scope() as scope:
        scope.set_context("log", extra)
        if event.get("logger"):
            scope.set_tag("logger", str(event["logger"]))
        if isinstance(exc_info, BaseException) or (
            isinstance(exc_info, tuple) and exc_info[1] is not None
        ):
            sentry_sdk.capture_exception(exc_info)
        else:
            sentry_sdk.capture_message(message, level=_sentry_level(method))
    return event


def _reported_by_asyncio(record: logging.LogRecord) -> bool:
    """asyncio's "Task exception was never retrieved": the asyncio integration sent it."""
    integrations = sentry_sdk.get_client().integrations
    return record.name == "asyncio" and AsyncioIntegration.identifier in integrations


def _sentry_level(method: str) -> Any:
    return "fatal" if method in ("critical", "fatal") else "error"


def _before_send(event: Any, _hint: Any) -> Any:
    tags = event.setdefault("tags", {})
    track_id = current_track_id() or get_contextvars().get("track_id")
    if track_id:
        tags["track_id"] = track_id
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        tags["trace_id"] = format(context.trace_id, "032x")
    user_id = get_contextvars().get("user.id")
    if user_id:
        event["user"] = {"id": user_id}
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in ("authorization", "cookie", "x-subgraph-secret"):
                    headers[name] = REDACTED
    return redact(event)


logging.getLogger("sentry_sdk.errors").setLevel(logging.WARNING)

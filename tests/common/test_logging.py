"""ECS log lines (the shape Elasticsearch indexes) and the redaction every line goes through."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider

from common.logging import bind_user_id, configure_logging, get_logger
from common.redaction import REDACTED, redact
from common.tracking import bind_track_id, track_id_var

JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwMTkwIn0.c2lnbmF0dXJlLWJ5dGVz"
SECRETS = ("hunter2", "ann@example.com", JWT, "s3cr3t-refresh", "bob@example.org", "+33612345678")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """Configure the process's logging for one test, then put the previous set-up back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    config = structlog.get_config()
    path = tmp_path / "logs" / "posts.jsonl"
    configure_logging("posts", file=path)
    structlog.contextvars.clear_contextvars()
    token = track_id_var.set(None)
    try:
        yield path
    finally:
        track_id_var.reset(token)  # later tests of this worker must not inherit the id
        structlog.contextvars.clear_contextvars()
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        structlog.configure(**config)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_text().splitlines()]


def test_lines_are_ecs_with_service_track_trace_and_user(log_file: Path) -> None:
    bind_track_id("track-0001-abcd")
    bind_user_id("0190aaaa-0000-7000-8000-000000000001")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as span:
        get_logger("posts.test").info("post published", post_id="p1", error="none")
        trace_id = format(span.get_span_context().trace_id, "032x")
    (line,) = _lines(log_file)
    assert line["message"] == "post published"
    assert line["log.level"] == "info"
    assert line["log"]["logger"] == "posts.test"
    assert line["ecs.version"]
    assert line["@timestamp"].endswith("Z")
    assert line["service"] == {"name": "posts"}
    assert line["track_id"] == "track-0001-abcd"
    assert line["trace"] == {"id": trace_id}
    assert line["user"] == {"id": "0190aaaa-0000-7000-8000-000000000001"}
    assert line["error"] == {"message": "none"}  # moved off ECS's `error` object
    assert line["post_id"] == "p1"


def test_exceptions_and_stdlib_records_are_ecs_too(log_file: Path) -> None:
    try:
        raise ValueError("bad value")
    except ValueError:
        get_logger("posts.test").exception("resolver failed")
    logging.getLogger("uvicorn.error").warning("stdlib says %s", "hello")
    failed, stdlib = _lines(log_file)
    assert failed["log.level"] == "error"
    assert "ValueError: bad value" in failed["error"]["stack_trace"]
    assert stdlib["message"] == "stdlib says hello"
    assert stdlib["log.level"] == "warning"
    assert stdlib["service"] == {"name": "posts"}


def test_nothing_secret_reaches_a_line(log_file: Path) -> None:
    log = get_logger("auth.test")
    log.info(
        "login failed for ann@example.com",
        password="hunter2",
        refresh_token="s3cr3t-refresh",
        authorization=f"Bearer {JWT}",
        headers={"Cookie": "sid=hunter2", "accept": "json"},
        note=f"token was {JWT}",
        recipients=["bob@example.org"],
        phone="+33612345678",
    )
    logging.getLogger("aiosmtplib").error("cannot deliver to %s", "bob@example.org")
    text = log_file.read_text()
    for secret in SECRETS:
        assert secret not in text
    first, second = _lines(log_file)
    assert first["message"] == "login failed for [email]"
    assert first["password"] == REDACTED
    assert first["headers"] == {"Cookie": REDACTED, "accept": "json"}
    assert first["note"] == "token was [jwt]"
    assert first["recipients"] == ["[email]"]
    assert second["message"] == "cannot deliver to [email]"


def test_redaction_keeps_ids_and_counts() -> None:
    event = {"track_id": "t-12345678", "user_id": "u1", "count": 3, "token_count": None}
    assert redact(event) == event
    assert redact({"dsn": "http://key@sentry/1"}) == {"dsn": REDACTED}
    assert redact("postgresql://app:pw@db/x") == "postgresql://app:[redacted]@db/x"

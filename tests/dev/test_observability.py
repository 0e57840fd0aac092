"""`make dev` with tracing on: one `createPost` through the router is one trace across the
router, posts and the feed's Kafka consumer (separate processes, a local OTLP receiver), and
its track id finds its log lines in every service with one `python -m indefinite.logs`."""

from __future__ import annotations

import io
import secrets
import signal
import time
from pathlib import Path

import httpx

from indefinite.logs import main as logs_main
from indefinite.ports import DevPorts
from tests.dev.test_dev import READY_LINE, STARTUP, DevRun, data, dev_ports
from tests.support.otlp_receiver import OtlpReceiver, Span

__all__ = ["data"]  # the fixture, shared with test_dev

PASSWORD = "correct horse battery"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"
CREATE = 'mutation { createPost(input: {topic: "Traced", text: "one trace"}) { id } }'
SERVER, CONSUMER = 2, 5  # opentelemetry.proto.trace.v1.Span.SpanKind


def _metrics(run: DevRun, service: str) -> str:
    ports = DevPorts(int(run.ports["DEV_PORT_OFFSET"]), 0, 0, 0, 0, 0, 0)
    return httpx.get(f"http://127.0.0.1:{ports.http(service)}/metrics", timeout=10).text


def _wait_for_trace(receiver: OtlpReceiver, trace_id: str, timeout: float = 60) -> list[Span]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        spans = receiver.trace(trace_id)
        if any(s.service == "feed" and s.kind == CONSUMER for s in spans):
            return spans
        time.sleep(0.2)
    raise AssertionError(f"no feed consumer span in trace {trace_id}: {receiver.trace(trace_id)}")


def test_one_create_post_is_one_trace_and_one_track_id(data: Path) -> None:
    email = "owner@example.com"
    extra = {
        "FIRST_OWNER_EMAIL": email,
        "FIRST_OWNER_PASSWORD": PASSWORD,
        "FIRST_OWNER_LOGIN": "owner",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    with OtlpReceiver() as receiver:
        run = DevRun(data, dev_ports(), {**extra, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint})
        try:
            run.wait_for(READY_LINE, STARTUP)
            login = httpx.post(
                run.url(), json={"query": LOGIN, "variables": {"e": email, "p": PASSWORD}}
            )
            token = login.json()["data"]["login"]["accessToken"]
            trace_id, track_id = secrets.token_hex(16), f"trace-test-{secrets.token_hex(4)}"
            created = httpx.post(
                run.url(),
                json={"query": CREATE},
                headers={
                    "authorization": f"Bearer {token}",
                    "x-track-id": track_id,
                    "traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01",
                },
                timeout=10,
            )
            assert created.json()["data"]["createPost"]["id"], created.text
            spans = _wait_for_trace(receiver, trace_id)
            feed_metrics = _metrics(run, "feed")
            posts_metrics = _metrics(run, "posts")
            assert run.stop(signal.SIGINT) == 0
        finally:
            run.cleanup()

    by_id = {s.span_id: s for s in spans}
    services = {s.service for s in spans}
    assert {"router", "posts", "feed"} <= services, spans
    assert any(s.service == "router" and s.kind == SERVER for s in spans)
    assert any(s.service == "posts" and s.kind == SERVER for s in spans)
    (consumed, *_) = [s for s in spans if s.service == "feed" and s.kind == CONSUMER]
    # the consumer span's parent is the posts request that wrote the outbox row
    assert by_id[consumed.parent_span_id].service == "posts"

    # the pipeline's metrics: the feed's publish-to-visible latency and consumer lag, the posts
    # database pool (what the rules and dashboards read)
    assert 'indefinite_events_end_to_end_seconds_count{group="feed",topic="posts.post.v1"}' in (
        feed_metrics
    )
    assert 'indefinite_events_consumer_lag{group="feed",topic="posts.post.v1"}' in feed_metrics
    assert 'indefinite_db_pool_connections_capacity{database="indefinite_posts"}' in posts_metrics

    out = io.StringIO()
    assert logs_main(["--dir", str(data / "logs"), "--track-id", track_id], out=out) == 0
    lines = out.getvalue().splitlines()
    logged = {line.split()[2] for line in lines if line[:1].isdigit()}
    assert {"router", "posts", "feed"} <= logged, out.getvalue()
    assert trace_id in (data / "logs" / "feed.jsonl").read_text()  # trace.id on its lines

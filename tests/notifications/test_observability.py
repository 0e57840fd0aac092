"""Observability of delivery: the request's track id on every log line of its intake and
sends, and Prometheus counters, latency histograms and queue gauges at /metrics."""

from __future__ import annotations

import uuid

import structlog
from structlog.testing import capture_logs

from tests.notifications.support import Requests, Sink, email_request
from tests.support.platform import Platform
from tests.support.polling import eventually


async def test_every_log_line_of_a_delivery_carries_its_track_id(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    track = f"track-{uuid.uuid4().hex}"
    item = email_request(f"traced.{uuid.uuid4().hex[:8]}@example.com", "traced")
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        await requests.publish(item, track_id=track)
        await eventually(lambda: sink.keyed(item.idempotency_key), within=60, what="the email")
        await eventually(
            lambda: [e for e in logs if e["event"] == "notification delivered"],
            what="the delivered line",
        )
    ours = [
        entry
        for entry in logs
        if item.idempotency_key in str(entry.get("request", entry.get("delivery", "")))
    ]
    assert {entry["event"] for entry in ours} >= {
        "notification request accepted",
        "notification delivered",
    }
    assert {entry.get("track_id") for entry in ours} == {track}


async def test_metrics_count_deliveries_by_channel_and_outcome(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    item = email_request(f"counted.{uuid.uuid4().hex[:8]}@example.com", "counted")
    await requests.publish(item)
    await eventually(lambda: sink.keyed(item.idempotency_key), within=60, what="the email")
    url = f"{platform.services['notifications'].http_url}/metrics"
    text = (await platform.http.get(url)).text
    for family in (
        'indefinite_notifications_deliveries_total{channel="EMAIL",outcome="sent"}',
        'indefinite_notifications_delivery_seconds_bucket{channel="EMAIL"',
        'indefinite_notifications_send_seconds_count{channel="EMAIL"}',
        "indefinite_notifications_queue_due ",
        "indefinite_notifications_queue_oldest_seconds ",
    ):
        assert family in text, family

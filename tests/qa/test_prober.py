"""The prober's report of one run: the metrics Prometheus scrapes, and for a failure one Sentry
event tagged with the journey, the failing step and the track id (a capturing transport stands
in for Sentry's servers)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from prometheus_client import REGISTRY
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from qa.prober import report
from qa.steps import JourneyResult, StepResult


class Captured(Transport):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(dict(event))


@pytest.fixture
def sentry() -> Iterator[Captured]:
    transport = Captured()
    # no auto-enabled integrations: they patch libraries process-wide (Strawberry's Schema
    # then warned in every later test of this worker that builds a schema)
    sentry_sdk.init(
        dsn="http://key@127.0.0.1:9/1",
        transport=transport,
        default_integrations=False,
        auto_enabling_integrations=False,
    )
    try:
        yield transport
    finally:
        sentry_sdk.init(auto_enabling_integrations=False)  # back to no client


def value(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_a_passing_run_sets_success_and_its_timestamp() -> None:
    result = JourneyResult("prober-pass", "qa-1", [StepResult("prober-pass", "log in", True, 0.2)])
    before = time.time()
    report(result)
    assert value("qa_journey_success", journey="prober-pass") == 1.0
    stamp = value("qa_journey_last_success_timestamp_seconds", journey="prober-pass")
    assert stamp is not None
    assert stamp >= before
    assert value("qa_step_duration_seconds_count", journey="prober-pass", step="log in") == 1.0
    assert value("qa_journey_runs_total", journey="prober-pass", result="pass") == 1.0


def test_a_failing_run_goes_to_sentry_with_its_step_and_track_id(sentry: Captured) -> None:
    steps = [
        StepResult("prober-fail", "post: write", True, 0.1),
        StepResult("prober-fail", "visible in the feed", False, 30.0, "not within 30 s"),
    ]
    report(JourneyResult("prober-fail", "qa-track-42", steps))
    sentry_sdk.flush()
    assert value("qa_journey_success", journey="prober-fail") == 0.0
    assert value("qa_journey_last_success_timestamp_seconds", journey="prober-fail") is None
    (event,) = sentry.events
    assert event["tags"] == {
        "journey": "prober-fail",
        "step": "visible in the feed",
        "track_id": "qa-track-42",
    }
    assert "not within 30 s" in event["message"]

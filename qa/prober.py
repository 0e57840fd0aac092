"""`python -m qa serve`: every journey on a schedule against a live deployment, as metrics on
`/metrics` (Prometheus) and failures in Sentry (when SENTRY_DSN is set).

    qa_journey_success{journey}                      1 when its last run passed, else 0
    qa_journey_last_success_timestamp_seconds{journey}  when it last passed (unix seconds)
    qa_journey_runs_total{journey,result}            runs by result (pass, fail, skip)
    qa_step_duration_seconds{journey,step}           histogram of each step's latency
    qa_journey_duration_seconds{journey}             the last run's total time

Alert rules: charts/indefinite/files/observability/prometheus/qa.rules.yml. Journeys run one
after another (a prober measures, it does not load the platform), then it sleeps until the next
interval starts.
"""

from __future__ import annotations

import asyncio
import os
import time

import sentry_sdk
import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from qa.journeys import JOURNEYS
from qa.mailbox import open_mailbox
from qa.run import run_journey
from qa.settings import QaSettings
from qa.steps import JourneyResult

__all__ = ["report", "serve_forever"]

SUCCESS = Gauge("qa_journey_success", "1 when the journey's last run passed", ["journey"])
LAST_SUCCESS = Gauge(
    "qa_journey_last_success_timestamp_seconds", "When the journey last passed", ["journey"]
)
RUNS = Counter("qa_journey_runs", "Journey runs by result", ["journey", "result"])
STEP_SECONDS = Histogram(
    "qa_step_duration_seconds",
    "Latency of each journey step",
    ["journey", "step"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
)
JOURNEY_SECONDS = Gauge("qa_journey_duration_seconds", "The last run's total time", ["journey"])


def report(result: JourneyResult) -> None:
    """The run as metrics, and a failure as a Sentry event with its step and track id."""
    name = result.name
    if result.skipped:
        RUNS.labels(name, "skip").inc()
        return
    for step in result.steps:
        STEP_SECONDS.labels(name, step.name).observe(step.seconds)
    JOURNEY_SECONDS.labels(name).set(result.seconds)
    SUCCESS.labels(name).set(1 if result.ok else 0)
    RUNS.labels(name, "pass" if result.ok else "fail").inc()
    if result.ok:
        LAST_SUCCESS.labels(name).set(time.time())
        return
    failed = result.failed_step
    if failed is not None and sentry_sdk.get_client().is_active():
        with sentry_sdk.new_scope() as scope:
            scope.set_tag("journey", name)
            scope.set_tag("step", failed.name)
            scope.set_tag("track_id", result.track_id)
            scope.fingerprint = ["qa", name, failed.name]
            sentry_sdk.capture_message(
                f"QA journey {name} failed at {failed.name!r}: {failed.error}", level="error"
            )


async def probe_loop(settings: QaSettings, names: list[str]) -> None:
    mailbox = open_mailbox(settings.mailbox)
    while True:
        started = time.monotonic()
        for name in names:
            result = await run_journey(name, settings, mailbox)
            report(result)
            verdict = "skip" if result.skipped else ("pass" if result.ok else "fail")
            failed = result.failed_step
            detail = f" at {failed.name!r}: {failed.error}" if failed else result.skipped
            print(
                f"qa {name}: {verdict} in {result.seconds:.2f} s "
                f"(track id {result.track_id}){detail}",
                flush=True,
            )
        await asyncio.sleep(max(0.0, settings.interval_seconds - (time.monotonic() - started)))


async def metrics(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


async def healthz(_request: Request) -> Response:
    return PlainTextResponse("ok")


async def serve_forever(settings: QaSettings) -> None:
    """The probe loop beside a small HTTP server for /metrics and /healthz."""
    dsn = os.environ.get("SENTRY_DSN")
    if dsn:
        sentry_sdk.init(
            dsn=dsn, server_name="qa", traces_sample_rate=0.0, auto_enabling_integrations=False
        )
    names = list(settings.journeys) or list(JOURNEYS)
    unknown = sorted(set(names) - set(JOURNEYS))
    if unknown:
        raise SystemExit(f"QA_JOURNEYS names unknown journeys {unknown}; known: {list(JOURNEYS)}")
    host, _, port = settings.listen.rpartition(":")
    app = Starlette(routes=[Route("/metrics", metrics), Route("/healthz", healthz)])
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=int(port), log_level="warning"))
    print(
        f"qa prober: {names} every {settings.interval_seconds:g} s against "
        f"{settings.origin}; metrics on http://{settings.listen}/metrics",
        flush=True,
    )
    loop = asyncio.create_task(probe_loop(settings, names))
    try:
        await server.serve()
    finally:
        loop.cancel()

"""The graveyard: a service process with SENTRY_DSN set reports an unhandled request error, an
error log line and a failed asyncio task to a local Sentry sink, tagged with the service,
environment, release and track id, and with no secret, token or email in what it sends."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.sentry_sink import SentrySink

ROOT = Path(__file__).resolve().parents[2]
JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIwMTkwIn0.c2lnbmF0dXJlLWJ5dGVz"
SECRETS = ("hunter2", "ann@example.com", JWT, "tok_live_123", "sid-cookie-value")
TRACK_ID = "graveyard-track-0001"

SERVICE = textwrap.dedent(
    """
    import asyncio, sys
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from common.logging import get_logger
    from common.service import ServiceApp, init_observability, running
    from common.settings import ServiceSettings
    from common.graveyard import enable_asyncio

    log = get_logger("posts.payments")

    async def boom(request):
        password = "hunter2"  # a local variable: frames are sent without them
        log.error("charge failed for ann@example.com", password=password, card_token="tok_live_123")
        asyncio.get_running_loop().create_task(orphan())
        await asyncio.sleep(0.05)
        raise RuntimeError("deliberate failure for ann@example.com")

    async def orphan():
        raise ValueError("nobody awaits this task")

    async def graphql(scope, receive, send):
        await PlainTextResponse("no")(scope, receive, send)

    async def main():
        enable_asyncio()
        settings = ServiceSettings(service_name="posts")
        app = ServiceApp(settings, graphql=graphql, routes=[Route("/boom", boom)])
        async with running(app, free_ports=True) as addresses:
            print(addresses.http_url, flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    init_observability(ServiceSettings(service_name="posts"))
    asyncio.run(main())
    """
)


def _message(event: dict[str, Any]) -> str:
    return str(event.get("message") or event.get("logentry", {}).get("message", ""))


@pytest.fixture
def sink() -> Iterator[SentrySink]:
    with SentrySink() as running_sink:
        yield running_sink


def _service(dsn: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "SENTRY_DSN": dsn,
        "SENTRY_RELEASE": "indefinite@test-1",
        "ENVIRONMENT": "test",
        "LOG_JSON": "true",
    }
    return subprocess.Popen(
        [sys.executable, "-c", SERVICE],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_errors_reach_the_sink_tagged_and_scrubbed(sink: SentrySink) -> None:
    process = _service(sink.dsn)
    try:
        assert process.stdout is not None
        url = ""
        while not url.startswith("http://"):  # its log lines come first, on the same stdout
            line = process.stdout.readline()
            assert line, "the service did not start"
            url = line.strip()
        response = httpx.get(
            f"{url}/boom",
            headers={
                "x-track-id": TRACK_ID,
                "authorization": f"Bearer {JWT}",
                "cookie": "sid=sid-cookie-value",
            },
            timeout=10,
        )
        assert response.status_code == 500

        def exception(kind: str) -> Any:
            return lambda e: any(
                v["type"] == kind for v in e.get("exception", {}).get("values", [])
            )

        (crash,) = sink.wait_for(exception("RuntimeError"))
        (orphan,) = sink.wait_for(exception("ValueError"))
        (logged,) = sink.wait_for(lambda e: "charge failed" in _message(e))
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()

    for event in (crash, logged, orphan):
        assert event["tags"]["service"] == "posts"
        assert event["environment"] == "test"
        assert event["release"] == "indefinite@test-1"
    for event in (crash, logged):  # in the request: its track id
        assert event["tags"]["track_id"] == TRACK_ID
    assert logged["level"] == "error"
    assert logged["contexts"]["log"]["password"] == "[redacted]"
    assert _message(logged) == "charge failed for [email]"
    raw = b"".join(sink.raw)
    for secret in SECRETS:
        assert secret.encode() not in raw, f"{secret!r} reached the graveyard"

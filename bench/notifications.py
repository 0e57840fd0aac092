"""Notifications email delivery over real connections: emails per second into a local SMTP sink
and request-to-delivered latency (prints figures).

    .venv/bin/python -m bench.notifications [--burst 2000] [--steady 300 --rate 50]

The notifications service runs in this process (consumer, dispatcher with its SMTP connection
pool) on a fresh PostgreSQL database and a tansu broker; the aiosmtpd sink runs in a child
process (`--sink PORT`: in a thread here it would share the GIL, and every socket call of the
service would wait for the sink's MIME parsing) and reports each arrival with its
CLOCK_MONOTONIC time. The CPU time of this process per email is printed too: on a busy machine
it compares better than wall-clock rates.

1. Burst: `--burst` requests (type EMAIL, an explicit address, no directory lookup) are
   published at once; emails/s = emails / (last arrival - first publish).
2. Steady: `--steady` requests at `--rate` per second; latency = arrival at the sink - publish
   (Kafka, intake transaction, dispatcher wake-up, render, SMTP), p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
import uuid
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

from common.contracts.subscriptions import Channel, NotificationType
from common.db import drop_database
from common.logging import configure_logging
from common.service import running
from indefinite.kafka_broker import free_port, start_tansu, stop_tansu
from subgraphs.notifications.app import create_app
from subgraphs.notifications.settings import Settings
from tests.notifications.support import Requests, request
from tests.support.tokens import SigningKeys

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


KEY = re.compile(rb"X-Notification-Key:\s*(\S+?):EMAIL\r?\n")


class ArrivalPrinter:
    """The child sink: one line `<notification key> <monotonic time>` per message."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = KEY.search(envelope.original_content or envelope.content)
        key = found.group(1).decode() if found else "?"
        print(f"{key} {time.monotonic()}", flush=True)
        return "250 Message accepted"


def serve_sink(port: int) -> None:
    controller = Controller(ArrivalPrinter(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()  # until the parent closes our stdin
    controller.stop()


class TimedSink:
    """The parent's view of the child sink: when each notification key arrived."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.arrivals: dict[str, float] = {}
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.notifications",
            "--sink",
            str(self.port),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.process.stdout is not None
        assert (await self.process.stdout.readline()).strip() == b"ready"
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            key, _, at = line.decode().strip().partition(" ")
            self.arrivals.setdefault(key, float(at))

    async def stop(self) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            await self.process.wait()
        if self._reader is not None:
            await self._reader


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def wait_for(sink: TimedSink, keys: list[str], within: float) -> None:
    deadline = time.monotonic() + within
    while not all(key in sink.arrivals for key in keys):
        if time.monotonic() > deadline:
            missing = sum(key not in sink.arrivals for key in keys)
            raise SystemExit(f"{missing} emails did not arrive in {within:.0f} s")
        await asyncio.sleep(0.01)


async def publish(producer: Requests, tag: str, n: int) -> tuple[str, float]:
    key = f"{tag}-{n}"
    item = request(
        recipient_id=None,
        type=NotificationType.EMAIL,
        channels=[Channel.EMAIL],
        email_to=f"reader{n}@example.com",
        email_subject=f"Bench {n}",
        email_body="A notification body with a link https://blog.example.com/posts/1",
        key=key,
    )
    sent_at = time.monotonic()
    await producer.publish(item)
    return key, sent_at


async def run(args: argparse.Namespace) -> None:
    configure_logging("bench", level="WARNING", json=False)
    db_url = (
        make_url(ADMIN_URL)
        .set(database=f"bench_notifications_{uuid.uuid4().hex[:8]}")
        .render_as_string(hide_password=False)
    )
    process, bootstrap = start_tansu(free_port())
    port = free_port()
    sink = TimedSink(port)
    await sink.start()
    settings = Settings(
        environment="test",
        database_url=db_url,
        kafka_bootstrap_servers=bootstrap,
        kafka_fetch_max_wait_ms=10,
        smtp_port=port,
        delivery_poll_seconds=0.2,
        log_level="WARNING",
    )
    producer = Requests(bootstrap)
    try:
        app = create_app(settings, verifier=SigningKeys().verifier())
        async with running(app, free_ports=True):
            await producer.start()
            # warm up: the consumer joins its group (several seconds on tansu)
            key, _ = await publish(producer, "warm", 0)
            await wait_for(sink, [key], 60)

            started, cpu = time.monotonic(), time.process_time()
            keys = [
                key for key, _ in [await publish(producer, "burst", n) for n in range(args.burst)]
            ]
            await wait_for(sink, keys, 600)
            elapsed = max(sink.arrivals[k] for k in keys) - started
            cpu_ms = 1000 * (time.process_time() - cpu) / args.burst
            print(
                f"burst: {args.burst} emails in {elapsed:.2f} s = {args.burst / elapsed:.0f}/s; "
                f"{cpu_ms:.1f} ms CPU of this process per email (service and publisher)"
            )

            latencies: list[float] = []
            for n in range(args.steady):
                key, sent_at = await publish(producer, "steady", n)
                await asyncio.sleep(1 / args.rate)
                if key in sink.arrivals:
                    latencies.append(sink.arrivals[key] - sent_at)
                else:
                    await wait_for(sink, [key], 60)
                    latencies.append(sink.arrivals[key] - sent_at)
            ms = [1000 * value for value in latencies]
            print(
                f"steady {args.rate}/s: request-to-delivered p50 {percentile(ms, 0.5):.1f} ms, "
                f"p99 {percentile(ms, 0.99):.1f} ms ({len(ms)} emails)"
            )
    finally:
        await producer.stop()
        await sink.stop()
        stop_tansu(process)
        await drop_database(db_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--steady", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        serve_sink(args.sink)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()

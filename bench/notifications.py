"""Notifications email delivery over real connections: emails per second into a local SMTP sink
and request-to-delivered latency (prints figures).

    .venv/bin/python -m bench.notifications [--burst 2000] [--steady 300 --rate 50]

The notifications service runs in this process (consumer, dispatcher with its SMTP connection
pool) on a fresh PostgreSQL database and a tansu broker; the aiosmtpd sink runs in a thread of
this process too (so it shares the GIL with the service: the figures are a floor). The CPU
time per email is printed too: on a busy machine it compares better than wall-clock rates.

1. Burst: `--burst` requests (type EMAIL, an explicit address, no directory lookup) are
   published at once; emails/s = emails / (last arrival - first publish).
2. Steady: `--steady` requests at `--rate` per second; latency = arrival at the sink - publish
   (Kafka, intake transaction, dispatcher wake-up, render, SMTP), p50 and p99.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from typing import Any

from sqlalchemy.engine import make_url

from common.contracts.subscriptions import Channel, NotificationType
from common.db import drop_database
from common.logging import configure_logging
from common.service import running
from indefinite.kafka_broker import free_port, start_tansu, stop_tansu
from indefinite.mail_sink import MailSink, sink_controller
from subgraphs.notifications.app import create_app
from subgraphs.notifications.settings import Settings
from tests.notifications.support import Requests, header, request
from tests.support.tokens import SigningKeys

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


class TimedSink(MailSink):
    """Records when each message (by its notification key) arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        key = header(self.messages[-1], "X-Notification-Key").removesuffix(":EMAIL")
        self.arrivals.setdefault(key, time.perf_counter())
        self.messages.clear()  # keep memory flat over long runs
        return reply


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def wait_for(sink: TimedSink, keys: list[str], within: float) -> None:
    deadline = time.perf_counter() + within
    while not all(key in sink.arrivals for key in keys):
        if time.perf_counter() > deadline:
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
    sent_at = time.perf_counter()
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
    sink = TimedSink()
    port = free_port()
    controller = sink_controller(sink, port)
    controller.start()
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

            started, cpu = time.perf_counter(), time.process_time()
            keys = [
                key for key, _ in [await publish(producer, "burst", n) for n in range(args.burst)]
            ]
            await wait_for(sink, keys, 600)
            elapsed = max(sink.arrivals[k] for k in keys) - started
            cpu_ms = 1000 * (time.process_time() - cpu) / args.burst
            print(
                f"burst: {args.burst} emails in {elapsed:.2f} s = {args.burst / elapsed:.0f}/s; "
                f"{cpu_ms:.1f} ms CPU of this process per email (service, sink and publisher)"
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
        controller.stop()
        stop_tansu(process)
        await drop_database(db_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--steady", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

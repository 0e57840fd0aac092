"""Push and SMS senders: sends per second and per-send latency (prints figures).

    .venv/bin/python -m bench.channels [--pushes 1000] [--sms 300] [--concurrency 50]

1. Web push: `PushSender` (VAPID signing + aes128gcm encryption + one HTTP POST on a pooled
   aiohttp session) to the local push service of the tests (tests/support/push_endpoint.py), in
   the same process, which verifies each token and decrypts each payload too; so the figure is
   a floor for the sender alone. Also the encryption + signing alone, per message, for the
   CPU it costs the event loop.
2. SMS: `SmsSender` publishing to moto's SNS server (its own process) over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from pywebpush import WebPusher

from common.logging import configure_logging
from subgraphs.notifications.channels.base import Message
from subgraphs.notifications.channels.push import PushSender, payload
from subgraphs.notifications.channels.settings import ChannelSettings
from subgraphs.notifications.channels.sms import SmsSender
from tests.support.push_endpoint import push_endpoint
from tests.support.s3 import moto_s3


def message(n: int) -> Message:
    return Message(
        idempotency_key=f"bench-{n}",
        recipient_id=uuid.uuid4(),
        subject="New post by Ada",
        text="Ada wrote: On the analytical engine. " * 4,
        html=None,
        url=f"https://indefinite.test/posts/{n}",
    )


async def timed(
    count: int, concurrency: int, send: Callable[[int], Awaitable[None]]
) -> tuple[float, list[float]]:
    """Wall seconds for `count` sends, `concurrency` at a time, and each send's seconds."""
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(n: int) -> None:
        async with gate:
            started = time.perf_counter()
            await send(n)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(count)))
    return time.perf_counter() - started, latencies


def show(what: str, count: int, wall: float, latencies: list[float]) -> None:
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{what}: {count / wall:,.0f}/s ({count} in {wall:.2f} s); per send "
        f"p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"
    )


async def bench_push(count: int, concurrency: int, key_dir: Path) -> None:
    settings = ChannelSettings(environment="test", vapid_key_file=str(key_dir / "vapid.pem"))
    async with push_endpoint() as push:
        subscriptions = [push.subscribe() for _ in range(50)]
        sender = PushSender(settings)
        await sender.start()
        try:
            wall, latencies = await timed(
                count,
                concurrency,
                lambda n: sender.send(message(n), subscriptions[n % 50].address),
            )
        finally:
            await sender.close()
        assert len(push.received) == count, (len(push.received), push.refused[:3])
        show(f"web push (concurrency {concurrency})", count, wall, latencies)

        info = {"endpoint": subscriptions[0].endpoint, "keys": subscriptions[0].keys}
        body = payload(message(0))
        claims = {"sub": settings.vapid_subject, "aud": push.origin, "exp": int(time.time()) + 600}
        started = time.perf_counter()
        for _ in range(count):
            WebPusher(info).encode(body)
            sender.vapid.sign(dict(claims))
        each = (time.perf_counter() - started) / count
        print(f"  encrypt + sign alone: {each * 1e6:.0f} us per message (event-loop CPU)")


async def bench_sms(count: int, concurrency: int) -> None:
    async with moto_s3() as moto:
        settings = ChannelSettings(
            environment="test",
            sns_endpoint_url=moto.endpoint,
            sns_access_key_id="testing",
            sns_secret_access_key="testing",
        )
        sender = SmsSender(settings)
        await sender.start()
        try:
            wall, latencies = await timed(
                count, concurrency, lambda n: sender.send(message(n), "+14155550132")
            )
        finally:
            await sender.close()
        show(f"SMS to moto's SNS (concurrency {concurrency})", count, wall, latencies)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pushes", type=int, default=1000)
    parser.add_argument("--sms", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    configure_logging("bench", level="WARNING", json=False)
    with tempfile.TemporaryDirectory() as key_dir:
        await bench_push(args.pushes, args.concurrency, Path(key_dir))
    await bench_sms(args.sms, min(args.concurrency, 20))


if __name__ == "__main__":
    asyncio.run(main())

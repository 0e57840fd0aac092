"""Fan-out of one published post to N followers (default 100,000) on the real subscriptions
service (PostgreSQL, tansu): notification requests per second and event-to-last-request time.

    python -m bench.subscriptions                      # 100,000 followers, batches of 1000
    python -m bench.subscriptions --followers 20000 --batch 500

The service runs in this process (its consumer, job runner and outbox relay); the followers are
inserted with SQL beforehand (each has the READER defaults, so every one gets a request). The
clock starts when the PostStateChanged event is acknowledged by the broker and reads:

- job written: the consumer took the event and wrote the fan-out job;
- requests written: the job is DONE (every request is an outbox row);
- last request on the topic: the relay had the broker acknowledge the last row (its
  `published_at`), i.e. every request is on subscriptions.notification-request.v1;
- the CPU time of this process meanwhile (the service's consumer, job runner and relay): a
  figure that holds on a loaded machine, where the wall-clock ones do not.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Awaitable, Callable

import orjson
from sqlalchemy import func, select, text

from common.contracts import posts
from common.contracts.subscriptions import NOTIFICATION_REQUEST
from common.db import Database, drop_database, ensure_database
from common.events import Kafka
from common.migrations import upgrade
from common.service import running
from subgraphs.subscriptions.app import MIGRATIONS, create_app
from subgraphs.subscriptions.models import FanoutJob, outbox
from subgraphs.subscriptions.settings import Settings
from tests.subscriptions.support import KEYS, card
from tests.support.kafka import tansu
from tests.support.stores import fresh_database_url


async def wait_for(
    check: Callable[[], Awaitable[object]], what: str, within: float = 900.0
) -> float:
    """Poll `check` until truthy; returns the monotonic time it was."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await check():
            return time.monotonic()
        await asyncio.sleep(0.02)
    raise SystemExit(f"{what} did not happen in {within:.0f} s")


async def run(followers: int, batch: int) -> None:
    url = fresh_database_url("bench_subscriptions")
    await ensure_database(url)
    await upgrade(MIGRATIONS, url)
    db = Database(url, pool_size=3)
    author = uuid.uuid4()
    async with db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO follows (follower_id, kind, target_id, created_at) "
                "SELECT gen_random_uuid(), 'AUTHOR', :a, now() FROM generate_series(1, :n)"
            ),
            {"a": str(author), "n": followers},
        )
    try:
        async with tansu() as broker:
            settings = Settings(
                database_url=url,
                environment="test",
                log_json=False,
                log_level="WARNING",
                kafka_bootstrap_servers=broker.bootstrap,
                kafka_fetch_max_wait_ms=10,
                fanout_batch=batch,
                fanout_idle_seconds=0.05,
            )
            kafka = Kafka(broker.bootstrap, fetch_max_wait_ms=10)
            await kafka.ensure_topics([posts.POST.name, NOTIFICATION_REQUEST.name])
            producer = kafka.producer()
            await producer.start()
            async with running(create_app(settings, verifier=KEYS.verifier()), free_ports=True):
                post = card(author)
                event_id = str(uuid.uuid4())
                envelope = {
                    "id": event_id,
                    "type": posts.PostEvent.STATE_CHANGED.value,
                    "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
                    "track_id": None,
                    "payload": posts.POST.dump(post),
                }
                await asyncio.sleep(6)  # the consumer's group join on tansu (~5 s)
                await producer.send_and_wait(
                    posts.POST.name, orjson.dumps(envelope), key=str(post.post_id).encode()
                )
                sent_wall = dt.datetime.now(dt.UTC)
                start = time.monotonic()
                cpu_start = time.process_time()

                async def job_state() -> str | None:
                    async with db.session() as session:
                        state: str | None = await session.scalar(
                            select(FanoutJob.state).where(FanoutJob.id == event_id)
                        )
                    return state

                async def all_published() -> bool:
                    async with db.session() as session:
                        left = await session.scalar(
                            select(func.count())
                            .select_from(outbox)
                            .where(outbox.c.published_at.is_(None))
                        )
                    return left == 0 and await job_state() == "DONE"

                job_at = await wait_for(job_state, "the job")
                done_at = await wait_for(lambda: _is(job_state, "DONE"), "the requests written")
                await wait_for(all_published, "every request on the topic")
                cpu = time.process_time() - cpu_start
                async with db.session() as session:
                    count, last = (
                        await session.execute(
                            select(func.count(), func.max(outbox.c.published_at)).where(
                                outbox.c.topic == NOTIFICATION_REQUEST.name
                            )
                        )
                    ).one()
            await producer.stop()
    finally:
        await db.close()
        await drop_database(url)
    to_topic = (last - sent_wall).total_seconds()
    written = done_at - start
    print(f"subscriptions fan-out: {followers} followers, FANOUT_BATCH {batch}")
    print(f"  requests                     {count}")
    print(f"  event -> job written         {(job_at - start) * 1000:8.1f} ms")
    print(f"  event -> requests written    {written:8.2f} s   {count / written:9.0f} requests/s")
    print(f"  event -> last on the topic   {to_topic:8.2f} s   {count / to_topic:9.0f} requests/s")
    print(
        f"  service process CPU          {cpu:8.2f} s   {count / cpu:9.0f} requests per CPU-second"
        " (consumer, runner, relay; PostgreSQL and the broker not counted)"
    )


async def _is(read: Callable[[], Awaitable[object]], wanted: str) -> bool:
    return await read() == wanted


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.subscriptions", description=__doc__)
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(run(args.followers, args.batch))


if __name__ == "__main__":
    main()

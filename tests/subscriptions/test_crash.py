"""The service process killed (SIGKILL) in the middle of fanning a post out to 20,000 followers
and started again: every follower gets exactly one request, none is lost or doubled."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import orjson
from sqlalchemy import func, select, text

from common.contracts import posts
from common.contracts.subscriptions import NOTIFICATION_REQUEST
from common.db import Database, drop_database, ensure_database
from common.migrations import upgrade
from indefinite.kafka_broker import free_port
from subgraphs.subscriptions.models import FanoutJob, outbox
from tests.subscriptions.support import card, kafka_for
from tests.support.kafka import TansuBroker
from tests.support.polling import eventually
from tests.support.stores import fresh_database_url

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "subgraphs" / "subscriptions" / "migrations"
FOLLOWERS = 20_000


def start(url: str, broker: TansuBroker) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        "HTTP_PORT": str(free_port()),
        "GRPC_PORT": str(free_port()),
        "ENVIRONMENT": "test",
        "FANOUT_BATCH": "500",
        "FANOUT_IDLE_SECONDS": "0.1",
        "KAFKA_FETCH_MAX_WAIT_MS": "10",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "subgraphs.subscriptions"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def seed(db: Database, author: uuid.UUID) -> None:
    async with db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO follows (follower_id, kind, target_id, created_at) "
                "SELECT gen_random_uuid(), 'AUTHOR', :a, now() FROM generate_series(1, :n)"
            ),
            {"a": str(author), "n": FOLLOWERS},
        )


async def test_a_killed_fan_out_resumes_and_reaches_everyone_once(broker: TansuBroker) -> None:
    url = fresh_database_url("subscriptions_crash")
    await ensure_database(url)
    await upgrade(MIGRATIONS, url)
    db = Database(url, pool_size=2)
    author = uuid.uuid4()
    await seed(db, author)
    kafka = kafka_for(broker)
    await kafka.ensure_topics([posts.POST.name])
    producer = kafka.producer()
    await producer.start()
    process = start(url, broker)
    try:
        post = card(author)
        event_id = str(uuid.uuid4())
        envelope = {
            "id": event_id,
            "type": posts.PostEvent.STATE_CHANGED.value,
            "occurred_at": "2026-12-03T00:00:00+00:00",
            "track_id": None,
            "payload": posts.POST.dump(post),
        }
        await producer.send_and_wait(
            posts.POST.name, orjson.dumps(envelope), key=str(post.post_id).encode()
        )

        async def sent() -> int:
            async with db.session() as session:
                return int(
                    await session.scalar(select(FanoutJob.sent).where(FanoutJob.id == event_id))
                    or 0
                )

        # mid-way: some batches committed, not all. (It waited for 1,000 to 10,000 before: on
        # a loaded machine one slow poll could miss that window and the fan-out finished.)
        await eventually(
            lambda: _between(sent, 1, FOLLOWERS - 1),
            within=60,
            interval=0.01,
            what="the fan-out under way",
        )
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_at = await sent()
        assert 0 < killed_at < FOLLOWERS

        process = start(url, broker)

        async def done() -> bool:
            async with db.session() as session:
                return (
                    await session.scalar(select(FanoutJob.state).where(FanoutJob.id == event_id))
                    == "DONE"
                )

        await eventually(done, within=120, what="the fan-out finished after the restart")
        async with db.session() as session:
            total, distinct = (
                await session.execute(
                    select(func.count(), func.count(func.distinct(outbox.c.key))).where(
                        outbox.c.topic == NOTIFICATION_REQUEST.name
                    )
                )
            ).one()
        assert (total, distinct) == (FOLLOWERS, FOLLOWERS)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.to_thread(process.wait, 30)
        await producer.stop()
        await db.close()
        await drop_database(url)


async def _between(read: Callable[[], Awaitable[int]], low: int, high: int) -> bool:
    return low <= await read() <= high

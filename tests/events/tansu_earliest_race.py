"""Broker-only reproduction of tansu 0.6's ListOffsets EARLIEST race (no relay, no database).

    .venv/bin/python -m tests.events.tansu_earliest_race [--trials 10 --producers 4 --partitions 50]

Per trial: a fresh topic; several plain aiokafka producers (acks=all, one connection each)
write the first record of every partition at the same moment, and every send is acknowledged.
Then a reader positioned with `seek_to_beginning` (ListOffsets EARLIEST) reads the topic. The
broker answers EARLIEST with the batch it wrote first rather than the lowest offset, so a
partition whose offset 1 was stored before offset 0 "begins" at 1: the reader misses offset 0,
which a fetch from offset 0 still returns. Padding the records (--pad) widens the window between
the broker reserving an offset and storing its batch. Prints each losing trial and a summary.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from indefinite.kafka_broker import free_port, start_tansu, stop_tansu


async def read(
    bootstrap: str, tps: list[TopicPartition], expected: int, *, from_zero: bool
) -> set[str]:
    """What a reader gets: until `expected` values arrived, or nothing came for 1.5 s."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(tps)
        if from_zero:
            for tp in tps:
                consumer.seek(tp, 0)
        else:
            await consumer.seek_to_beginning(*tps)
        values: set[str] = set()
        quiet = 0.0
        while len(values) < expected and quiet < 1.5:
            batch = await consumer.getmany(*tps, timeout_ms=100)
            fresh = {r.value.decode() for records in batch.values() for r in records}
            quiet = 0.0 if fresh - values else quiet + 0.1
            values |= fresh
        return values
    finally:
        await consumer.stop()


async def trial(
    bootstrap: str, producers: list[AIOKafkaProducer], partitions: int, pad: int
) -> tuple[int, set[str], set[str], dict[int, int]]:
    """(acknowledged, read from the beginning, read from offset 0, EARLIEST answers != 0)."""
    topic = f"race.{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, partitions, 1)])
    finally:
        await admin.close()
    for producer in producers:
        await producer.partitions_for(topic)
    acked: list[str] = []

    async def write(index: int, producer: AIOKafkaProducer) -> None:
        futures = [
            await producer.send(
                topic,
                f"{index}-{p}".encode(),
                key=bytes(random.randrange(pad + 1)),
                partition=p,
            )
            for p in range(partitions)
        ]
        for p, future in enumerate(futures):
            await future
            acked.append(f"{index}-{p}")

    await asyncio.gather(*(write(i, p) for i, p in enumerate(producers)))
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        earliest = await consumer.beginning_offsets(tps)
    finally:
        await consumer.stop()
    wrong = {tp.partition: offset for tp, offset in earliest.items() if offset != 0}
    beginning = await read(bootstrap, tps, len(acked), from_zero=False)
    zero = await read(bootstrap, tps, len(acked), from_zero=True)
    return len(acked), beginning, zero, wrong


async def main(trials: int, producers: int, partitions: int, pad: int) -> int:
    process, bootstrap = start_tansu(free_port())
    clients = [
        AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=8 << 20)
        for _ in range(producers)
    ]
    losing = lost_total = 0
    try:
        for client in clients:
            await client.start()
        for n in range(trials):
            acked, beginning, zero, wrong = await trial(bootstrap, clients, partitions, pad)
            lost = acked - len(beginning)
            if lost or wrong:
                losing += 1
                lost_total += lost
                print(
                    f"trial {n}: {acked} sends acknowledged; read from the beginning "
                    f"{len(beginning)}, from offset 0 {len(zero)}; EARLIEST answered {wrong} "
                    "(partition: offset)"
                )
        for client in clients:
            await client.stop()
    finally:
        stop_tansu(process)
    print(
        f"{losing} of {trials} trials lost {lost_total} acknowledged records to a reader that "
        f"starts at the beginning ({producers} producers x {partitions} partitions per trial)"
    )
    return 1 if losing else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--producers", type=int, default=4)
    parser.add_argument("--partitions", type=int, default=50)
    parser.add_argument("--pad", type=int, default=200_000, help="max key bytes per record")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.trials, args.producers, args.partitions, args.pad)))

"""The consumer base: reads envelopes from Kafka, hands each to a handler, commits after it.

    consumer = EventConsumer(["posts.post.v1"], "feed", handle, kafka=Kafka.from_settings(s))
    ServiceApp(..., on_start=[consumer.start], on_stop=[consumer.stop])

Rules:
- Offsets are committed manually, only after the handler returned (its write is done), per
  partition after each fetched chunk. A crash re-delivers the uncommitted tail, so handlers must
  be idempotent on `event.id` (see common.events.idempotency).
- Poison messages (not JSON, not an envelope, or the handler raised PoisonMessage or a pydantic
  ValidationError) go to `<topic>.dlq` with the original key, value and headers plus `dlq-*`
  headers describing the error; a log line records it and the partition moves on.
- Any other handler exception is transient: the same event is retried with capped exponential
  back-off, never skipped (the partition waits; other partitions of the chunk wait too).
- While the handler runs, the envelope's track id is bound to the track-id contextvar and the
  structlog context (with the event id, type and topic), inside a CONSUMER span continuing
  the producer's trace (the record's `traceparent`, common.tracing). An event's first handler
  failure is reported to the graveyard (Sentry) once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
import sentry_sdk
import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pydantic import ValidationError

from common.events.kafka import Kafka, LazyProducer, dlq_topic
from common.events.metrics import (
    EVENTS_CONSUMED,
    EVENTS_CONSUMER_LAG,
    EVENTS_END_TO_END,
    EVENTS_HANDLE_SECONDS,
    EVENTS_HANDLER_ERRORS,
)
from common.events.relay import backoff_delay
from common.logging import get_logger
from common.tasks import cancel_and_wait
from common.tracing import consumer_span
from common.tracking import TRACK_ID_HEADER, track_id_var

log = get_logger(__name__)

ENVELOPE_FIELDS = ("id", "type", "occurred_at", "track_id", "payload")
LAG_INTERVAL_SECONDS = 5.0


def _age_seconds(occurred_at: str) -> float | None:
    try:
        then = dt.datetime.fromisoformat(occurred_at)
    except ValueError:
        return None
    if then.tzinfo is None:
        return None
    return max((dt.datetime.now(dt.UTC) - then).total_seconds(), 0.0)


class PoisonMessage(Exception):
    """Raised by a handler for an event it can never process (it goes to the dead-letter topic)."""


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    occurred_at: str
    track_id: str | None
    payload: dict[str, Any]
    topic: str
    partition: int
    offset: int
    key: str | None
    headers: Mapping[str, bytes] = field(default_factory=dict)


Handler = Callable[[Event], Awaitable[None]]


def decode_event(record: ConsumerRecord[bytes, bytes]) -> Event:
    """The envelope of a record, or PoisonMessage saying what is wrong with it."""
    try:
        body = orjson.loads(record.value or b"")
    except orjson.JSONDecodeError as exc:
        raise PoisonMessage(f"value is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise PoisonMessage("envelope is not a JSON object")
    missing = [name for name in ENVELOPE_FIELDS if name not in body]
    if missing:
        raise PoisonMessage(f"envelope lacks {', '.join(missing)}")
    checks = {
        "id": isinstance(body["id"], str) and bool(body["id"]),
        "type": isinstance(body["type"], str) and bool(body["type"]),
        "occurred_at": isinstance(body["occurred_at"], str),
        "track_id": body["track_id"] is None or isinstance(body["track_id"], str),
        "payload": isinstance(body["payload"], dict),
    }
    wrong = [name for name, ok in checks.items() if not ok]
    if wrong:
        raise PoisonMessage(f"envelope fields of the wrong type: {', '.join(wrong)}")
    headers = {name: value for name, value in record.headers or ()}
    track_id = body["track_id"]
    if track_id is None and TRACK_ID_HEADER in headers:
        track_id = headers[TRACK_ID_HEADER].decode(errors="replace")
    return Event(
        id=body["id"],
        type=body["type"],
        occurred_at=body["occurred_at"],
        track_id=track_id,
        payload=body["payload"],
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key is not None else None,
        headers=headers,
    )


class EventConsumer:
    def __init__(
        self,
        topics: Sequence[str],
        group_id: str,
        handler: Handler,
        *,
        kafka: Kafka,
        max_records: int = 100,
        retry_initial: float = 0.2,
        retry_max: float = 10.0,
        stop_timeout: float = 10.0,
        consumer_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.topics = list(topics)
        self.group_id = group_id
        self.handler = handler
        self.kafka = kafka
        self.max_records = max_records
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.stop_timeout = stop_timeout
        self.consumer_options = dict(consumer_options or {})
        self._consumer: AIOKafkaConsumer | None = None
        self._producer = LazyProducer(kafka.producer)  # for dead letters
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Start the background task (it connects, retrying while the broker is down)."""
        if self._task is not None:
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.group_id}")
        log.info("event consumer started", group=self.group_id, topics=self.topics)

    async def stop(self) -> None:
        """Finish the event in hand and commit, then leave the group."""
        self._stopping.set()
        await self._finish(self.stop_timeout)

    async def abort(self) -> None:
        """Stop now: the event in hand is abandoned and the chunk's offsets are not committed
        (they are delivered again, to this group's next owner of the partition)."""
        self._stopping.set()
        await self._finish(0)

    async def _finish(self, grace: float) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            if grace > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), grace)
            if not task.done():
                await cancel_and_wait(task)
            elif not task.cancelled() and task.exception() is not None:
                log.error("event consumer task failed", error=repr(task.exception()))
        await self._close()
        log.info("event consumer stopped", group=self.group_id)

    async def _close(self) -> None:
        if self._consumer is not None:
            consumer, self._consumer = self._consumer, None
            with contextlib.suppress(Exception):
                await consumer.stop()
        await self._producer.close()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def lag(self) -> dict[tuple[str, int], int]:
        """Records not yet consumed per assigned (topic, partition): the high watermark of the
        last fetch minus this consumer's position (empty before the first assignment)."""
        consumer = self._consumer
        if consumer is None:
            return {}
        lags: dict[tuple[str, int], int] = {}
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None:
                continue
            try:
                position = await consumer.position(tp)
            except Exception:  # rebalancing: measure next time
                continue
            lags[(tp.topic, tp.partition)] = max(high - position, 0)
        return lags

    async def _export_lag(self) -> None:
        per_topic: dict[str, int] = dict.fromkeys(self.topics, 0)
        for (topic, _partition), lag in (await self.lag()).items():
            per_topic[topic] = per_topic.get(topic, 0) + lag
        for topic, lag in per_topic.items():
            EVENTS_CONSUMER_LAG.labels(self.group_id, topic).set(lag)

    # -- the loop --------------------------------------------------------------------------

    async def _connect(self) -> AIOKafkaConsumer | None:
        attempt = 0
        while not self._stopping.is_set():
            consumer = self.kafka.consumer(
                *self.topics, group_id=self.group_id, **self.consumer_options
            )
            try:
                await consumer.start()
            except Exception as exc:
                with contextlib.suppress(Exception):
                    await consumer.stop()
                attempt += 1
                delay = backoff_delay(attempt, self.retry_initial, self.retry_max)
                log.warning(
                    "event consumer cannot connect",
                    group=self.group_id,
                    attempt=attempt,
                    delay_seconds=round(delay, 3),
                    error=repr(exc),
                )
                await self._sleep(delay)
                continue
            self._consumer = consumer
            return consumer
        return None

    async def _run(self) -> None:
        consumer = await self._connect()
        if consumer is None:
            return
        lag_measured = 0.0
        while not self._stopping.is_set():
            if time.monotonic() - lag_measured > LAG_INTERVAL_SECONDS:
                lag_measured = time.monotonic()
                await self._export_lag()
            try:
                chunks = await consumer.getmany(timeout_ms=200, max_records=self.max_records)
            except Exception as exc:
                log.warning("event fetch failed", group=self.group_id, error=repr(exc))
                await self._sleep(self.retry_initial)
                continue
            for tp, records in chunks.items():
                done: int | None = None
                for record in records:
                    if self._stopping.is_set() or tp not in consumer.assignment():
                        break
                    if not await self._process(consumer, tp, record):
                        break
                    done = record.offset
                if done is not None:
                    await self._commit(consumer, tp, done + 1)

    async def _commit(self, consumer: AIOKafkaConsumer, tp: TopicPartition, offset: int) -> None:
        try:
            await consumer.commit({tp: offset})
        except Exception as exc:  # rebalanced away: the new owner re-reads, handlers dedupe
            log.warning(
                "offset commit failed",
                group=self.group_id,
                topic=tp.topic,
                partition=tp.partition,
                offset=offset,
                error=repr(exc),
            )

    async def _process(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, record: ConsumerRecord[bytes, bytes]
    ) -> bool:
        """Handle or dead-letter one record; False when it was left unfinished (stop/revoke)."""
        try:
            event = decode_event(record)
        except PoisonMessage as exc:
            return await self._dead_letter(record, exc)
        attempt = 0
        while True:
            token = track_id_var.set(event.track_id)
            started = time.perf_counter()
            try:
                with (
                    structlog.contextvars.bound_contextvars(
                        track_id=event.track_id,
                        event_id=event.id,
                        event_type=event.type,
                        topic=event.topic,
                    ),
                    consumer_span(
                        f"{event.topic} process",
                        event.headers,
                        {"messaging.consumer.group.name": self.group_id, "event.type": event.type},
                    ),
                ):
                    try:
                        await self.handler(event)
                    except (PoisonMessage, ValidationError) as exc:
                        return await self._dead_letter(record, exc)
                    except Exception as exc:
                        attempt += 1
                        EVENTS_HANDLER_ERRORS.labels(self.group_id, event.topic).inc()
                        if attempt == 1:
                            sentry_sdk.capture_exception(exc)
                        delay = backoff_delay(attempt, self.retry_initial, self.retry_max)
                        log.warning(
                            "event handler failed; retrying",
                            group=self.group_id,
                            partition=record.partition,
                            offset=record.offset,
                            attempt=attempt,
                            delay_seconds=round(delay, 3),
                            error=repr(exc),
                        )
                    else:
                        EVENTS_CONSUMED.labels(self.group_id, event.topic, "handled").inc()
                        if (age := _age_seconds(event.occurred_at)) is not None:
                            EVENTS_END_TO_END.labels(self.group_id, event.topic).observe(age)
                        log.info(
                            "event handled",
                            group=self.group_id,
                            duration_ms=round((time.perf_counter() - started) * 1000, 2),
                        )
                        return True
                    finally:
                        EVENTS_HANDLE_SECONDS.labels(self.group_id, event.topic).observe(
                            time.perf_counter() - started
                        )
            finally:
                track_id_var.reset(token)
            await self._sleep(delay)
            if self._stopping.is_set() or tp not in consumer.assignment():
                return False

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], error: Exception) -> bool:
        """Publish the record to `<topic>.dlq` (retrying while the broker is down)."""
        message = str(error)[:1000] or type(error).__name__
        headers = [
            *(record.headers or ()),
            ("dlq-error", message.encode()),
            ("dlq-error-type", type(error).__name__.encode()),
            ("dlq-source-topic", record.topic.encode()),
            ("dlq-source-partition", str(record.partition).encode()),
            ("dlq-source-offset", str(record.offset).encode()),
            ("dlq-group", self.group_id.encode()),
        ]
        target = dlq_topic(record.topic)
        attempt = 0
        while not self._stopping.is_set():
            try:
                producer = await self._producer.get()
                await producer.send_and_wait(
                    target, value=record.value, key=record.key, headers=headers
                )
            except Exception as exc:
                attempt += 1
                delay = backoff_delay(attempt, self.retry_initial, self.retry_max)
                log.warning("dead-letter publish failed", topic=target, error=repr(exc))
                await self._producer.close()
                await self._sleep(delay)
                continue
            EVENTS_CONSUMED.labels(self.group_id, record.topic, "dead_lettered").inc()
            log.error(
                "event dead-lettered",
                group=self.group_id,
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                dlq=target,
                error_type=type(error).__name__,
                error=message,
            )
            return True
        return False

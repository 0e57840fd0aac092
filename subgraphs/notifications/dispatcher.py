"""Sending what intake queued: claim due deliveries, render, send, record the outcome.

    claim   UPDATE ... SET next_attempt_at = now() + lease, attempts + 1
            WHERE id IN (due PENDING rows FOR UPDATE SKIP LOCKED)   -- replicas share the queue
    send    look up the address (auth/profiles/push subscriptions), render, Sender.send
    record  SENT | PENDING later (transient, back-off with jitter) | FAILED (permanent)
            | DEAD + a dead-letter event in the outbox (transient, attempts exhausted)
            | SKIPPED (no address any more)

A worker that dies between claim and record leaves the row to be claimed again when the lease
runs out (at-least-once; the Message-ID stays the same). Every log line of a send carries the
request's track id.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import orjson
import structlog
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from common.contracts.notifications import (
    DEAD_LETTERED,
    DELIVERY_DEAD_LETTER,
    DeliveryDeadLettered,
)
from common.contracts.subscriptions import Channel
from common.db import Database
from common.logging import get_logger
from common.outbox import add_event
from common.tracking import track_id_var
from subgraphs.notifications.channels.base import (
    Message,
    PermanentFailure,
    Sender,
    TransientFailure,
)
from subgraphs.notifications.digests import DIGEST_TYPE, close_due_digests
from subgraphs.notifications.messages import Composer, expired, parse_request
from subgraphs.notifications.metrics import (
    DELIVERIES,
    DELIVERY_SECONDS,
    QUEUE_DUE,
    QUEUE_OLDEST_SECONDS,
    SEND_SECONDS,
)
from subgraphs.notifications.models import Delivery, PushSubscription, State, outbox
from subgraphs.notifications.recipients import Directory
from subgraphs.notifications.settings import Settings
from subgraphs.notifications.templates import DEFAULT_LOCALE

log = get_logger(__name__)
ERROR_MAX = 1000
#: Request facts kept only until sent: one-time account links and phone codes.
SECRETS = frozenset({"link", "code"})


class Skip(Exception):
    """Nothing to send to (no verified phone, the push subscription was removed)."""


@dataclass(frozen=True)
class Outcome:
    state: State
    error: str | None = None
    reason: str | None = None
    retry_in: float | None = None


def retry_delay(attempts: int, initial: float, maximum: float) -> float:
    """Exponential back-off with equal jitter: half fixed, half random, capped."""
    ceiling = min(maximum, initial * 2.0 ** max(attempts - 1, 0))
    return float(ceiling / 2 + random.uniform(0, ceiling / 2))  # jitter, not a secret


class Dispatcher:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        senders: Mapping[Channel, Sender],
        directory: Directory,
        composer: Composer,
    ) -> None:
        self.db = db
        self.settings = settings
        self.senders = senders
        self.directory = directory
        self.composer = composer
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._run(), name="notifications-dispatcher")

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            task, self._task = self._task, None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), 10.0)
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _run(self) -> None:
        last_poll = 0.0
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                sent = await self.run_once()
                if time.monotonic() - last_poll >= self.settings.delivery_poll_seconds:
                    last_poll = time.monotonic()
                    sent += await close_due_digests(self.db)
                    await self._measure_queue()
            except Exception as exc:  # the database is down: try again after the poll interval
                log.warning("dispatch failed", error=repr(exc))
                sent = 0
            if sent:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.settings.delivery_poll_seconds)

    async def run_once(self) -> int:
        """Claim one batch of due deliveries and send it; returns how many were claimed."""
        claimed = await self._claim(self.settings.delivery_concurrency)
        if claimed:
            outcomes = await asyncio.gather(*(self._deliver(row) for row in claimed))
            await self._record(list(zip(claimed, outcomes, strict=True)))
        return len(claimed)

    async def _claim(self, limit: int) -> list[Delivery]:
        due = (
            select(Delivery.id)
            .where(Delivery.state == State.PENDING, Delivery.next_attempt_at <= func.now())
            .order_by(Delivery.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        lease = dt.timedelta(seconds=self.settings.delivery_lease_seconds)
        async with self.db.transaction() as session:
            result = await session.scalars(
                update(Delivery)
                .where(Delivery.id.in_(due))
                .values(next_attempt_at=func.now() + lease, attempts=Delivery.attempts + 1)
                .returning(Delivery)
                .execution_options(synchronize_session=False)
            )
            return list(result)

    async def _measure_queue(self) -> None:
        async with self.db.session() as session:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(Delivery.next_attempt_at)).where(
                        Delivery.state == State.PENDING, Delivery.next_attempt_at <= func.now()
                    )
                )
            ).one()
        QUEUE_DUE.set(count)
        age = (dt.datetime.now(dt.UTC) - oldest).total_seconds() if oldest is not None else 0.0
        QUEUE_OLDEST_SECONDS.set(max(age, 0.0))

    # -- one delivery ------------------------------------------------------------------------

    @staticmethod
    @contextlib.contextmanager
    def _traced(row: Delivery) -> Iterator[None]:
        """The request's track id on every log line (and on a dead-letter event)."""
        token = track_id_var.set(row.track_id)
        try:
            with structlog.contextvars.bound_contextvars(
                track_id=row.track_id, delivery=row.idempotency_key, channel=row.channel
            ):
                yield
        finally:
            track_id_var.reset(token)

    async def _deliver(self, row: Delivery) -> Outcome:
        with self._traced(row):
            return await self._attempt(row)

    async def _attempt(self, row: Delivery) -> Outcome:
        channel = Channel(row.channel)
        sender = self.senders.get(channel)
        if sender is None:
            return Outcome(State.SKIPPED, reason="not_configured")
        started = time.perf_counter()
        try:
            message, address = await self._prepare(row, channel)
            await sender.send(message, address)
        except Skip as exc:
            return Outcome(State.SKIPPED, reason=str(exc))
        except PermanentFailure as exc:
            return Outcome(State.FAILED, error=str(exc) or type(exc).__name__, reason="permanent")
        except Exception as exc:  # TransientFailure, and anything unforeseen: try again
            if not isinstance(exc, TransientFailure):
                log.exception("unexpected delivery error")
            error = str(exc) or type(exc).__name__
            if row.attempts >= self.settings.delivery_max_attempts:
                return Outcome(State.DEAD, error=error, reason="attempts_exhausted")
            delay = retry_delay(
                row.attempts,
                self.settings.delivery_retry_initial_seconds,
                self.settings.delivery_retry_max_seconds,
            )
            return Outcome(State.PENDING, error=error, retry_in=delay)
        finally:
            SEND_SECONDS.labels(channel.value).observe(time.perf_counter() - started)
        return Outcome(State.SENT)

    async def _prepare(self, row: Delivery, channel: Channel) -> tuple[Message, str]:
        """The rendered message and the address to send it to."""
        name, locale, phone = "", DEFAULT_LOCALE, None
        recipient = row.recipient_id
        request = None if row.type == DIGEST_TYPE else parse_request(row.request)
        if request is not None and expired(request, dt.datetime.now(dt.UTC)):
            raise Skip("expired")
        given_locale = request.data.get("locale") if request is not None else None
        if recipient is not None and not given_locale:
            name, locale, phone = await self.directory.profile(recipient)
        if request is None:
            assert recipient is not None  # digests are per recipient
            requests = [parse_request(item) for item in row.request["items"]]
            message = self.composer.digest(
                row.idempotency_key, recipient, requests, locale=locale, name=name
            )
            return message, row.address or await self.directory.account_email(recipient)
        actor_name = ""
        if request.actor_id is not None:  # producers send the actor's id, not their name
            actor_name, _, _ = await self.directory.profile(request.actor_id)
        message = self.composer.message(
            row.idempotency_key,
            request,
            channel,
            locale=given_locale or locale,
            name=name,
            actor_name=actor_name,
        )
        if channel is Channel.EMAIL:
            if row.address:
                return message, row.address
            if recipient is None:
                raise PermanentFailure("no recipient and no address")
            return message, await self.directory.account_email(recipient)
        if channel is Channel.SMS:
            if row.address:  # a phone code, to the number being verified
                return message, row.address
            if recipient is None or phone is None:
                raise Skip("no_address")
            return message, phone
        return message, await self._push_address(row.push_subscription_id)

    async def _push_address(self, subscription_id: uuid.UUID | None) -> str:
        async with self.db.session() as session:
            found = (
                await session.get(PushSubscription, subscription_id)
                if subscription_id is not None
                else None
            )
        if found is None:
            raise Skip("no_address")
        return orjson.dumps(
            {"endpoint": found.endpoint, "keys": {"p256dh": found.p256dh, "auth": found.auth}}
        ).decode()

    async def _record(self, results: list[tuple[Delivery, Outcome]]) -> None:
        """Every outcome of a batch in one transaction (one commit, not one per email)."""
        now = dt.datetime.now(dt.UTC)
        async with self.db.transaction() as session:
            for row, outcome in results:
                with self._traced(row):
                    await self._write(session, row, outcome, now)
        for row, outcome in results:
            with self._traced(row):
                self._count(row, outcome, now)

    async def _write(
        self, session: AsyncSession, row: Delivery, outcome: Outcome, now: dt.datetime
    ) -> None:
        values: dict[str, object] = {"state": outcome.state, "reason": outcome.reason}
        if outcome.error is not None:
            values["last_error"] = outcome.error[:ERROR_MAX]
        if outcome.state is State.PENDING:
            values["next_attempt_at"] = now + dt.timedelta(seconds=outcome.retry_in or 0)
        else:
            values["next_attempt_at"] = None
        if outcome.state is State.SENT:
            values["sent_at"] = now
            if SECRETS & row.request.get("data", {}).keys():  # account links, codes: drop them
                data = {k: v for k, v in row.request["data"].items() if k not in SECRETS}
                values["request"] = {**row.request, "data": data}
        await session.execute(
            update(Delivery)
            .where(Delivery.id == row.id, Delivery.attempts == row.attempts)
            .values(**values)
        )
        if outcome.state is State.DEAD:
            await self._dead_letter(session, row, outcome.error or "")
        if outcome.state is State.FAILED and row.channel == Channel.PUSH:
            await session.execute(
                delete(PushSubscription).where(PushSubscription.id == row.push_subscription_id)
            )

    async def _dead_letter(self, session: AsyncSession, row: Delivery, error: str) -> None:
        payload = DeliveryDeadLettered(
            idempotency_key=row.idempotency_key,
            request_key=row.request_key,
            recipient_id=row.recipient_id,
            channel=Channel(row.channel),
            notification_type=row.type,
            attempts=row.attempts,
            last_error=error[:ERROR_MAX],
            request=row.request,
        )
        await add_event(
            session,
            outbox,
            topic=DELIVERY_DEAD_LETTER.name,
            key=str(row.recipient_id or row.request_key),
            type=DEAD_LETTERED,
            payload=DELIVERY_DEAD_LETTER.dump(payload),
        )

    def _count(self, row: Delivery, outcome: Outcome, now: dt.datetime) -> None:
        labels = {
            State.SENT: "sent",
            State.PENDING: "retry",
            State.FAILED: "failed",
            State.DEAD: "dead",
            State.SKIPPED: f"skipped_{outcome.reason}",
        }
        DELIVERIES.labels(row.channel, labels.get(outcome.state, outcome.state.value)).inc()
        if outcome.state is State.SENT and row.type != DIGEST_TYPE:
            DELIVERY_SECONDS.labels(row.channel).observe(
                max((now - row.requested_at).total_seconds(), 0.0)
            )
        event = {
            State.SENT: "notification delivered",
            State.PENDING: "notification delivery failed; retrying",
            State.FAILED: "notification delivery failed permanently",
            State.DEAD: "notification dead-lettered after its last attempt",
            State.SKIPPED: "notification skipped",
        }.get(outcome.state, "notification delivery recorded")
        level = log.info if outcome.state in (State.SENT, State.SKIPPED) else log.warning
        level(
            event,
            attempts=row.attempts,
            reason=outcome.reason,
            error=outcome.error,
            retry_in=round(outcome.retry_in, 3) if outcome.retry_in is not None else None,
        )

"""Delivery that loses nothing and sends nothing twice: an SMTP outage mid-burst, a permanent
refusal, a mailbox that is never ready (dead letter), and digests."""

from __future__ import annotations

import asyncio
import collections
import uuid

from sqlalchemy import select, update

from common.auth import Role
from common.contracts.subscriptions import Cadence, Channel
from common.db import Database
from subgraphs.notifications.models import Delivery, State, outbox
from tests.notifications.conftest import RATE_LIMIT
from tests.notifications.support import (
    BOUNCE,
    DEFER,
    Requests,
    Sink,
    deliveries,
    email_request,
    header,
    links,
    request,
    text_of,
)
from tests.support.platform import Platform
from tests.support.polling import eventually

BURST = 30
OUTAGE_SECONDS = 10


def address(prefix: str = "reader") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@example.com"


async def test_smtp_stopped_mid_burst_every_email_arrives_once(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    batch = uuid.uuid4().hex[:8]
    items = [
        email_request(address(), f"burst {batch} {n}", key=f"burst-{batch}-{n}")
        for n in range(BURST)
    ]
    half = BURST // 2
    await requests.publish(*items[:half])
    await eventually(
        lambda: len(sink.keyed(f"burst-{batch}-")) >= 3, within=60, what="the first emails"
    )
    sink.stop()
    try:
        await requests.publish(*items[half:])
        await asyncio.sleep(OUTAGE_SECONDS)  # the relay is down this long (not a timed check)
    finally:
        sink.start()

    await eventually(
        lambda: len(sink.keyed(f"burst-{batch}-")) >= BURST, within=60, what="every email"
    )
    keys = collections.Counter(
        header(m, "X-Notification-Key") for m in sink.keyed(f"burst-{batch}-")
    )
    assert len(keys) == BURST
    assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]


async def test_a_refused_mailbox_is_recorded_and_never_retried(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    bounced, fine = address(BOUNCE), address()
    refused = email_request(bounced, "to nobody")
    await requests.publish(refused)
    target = platform.services["notifications"].grpc_target

    async def failed() -> object:
        rows = await deliveries(target, refused.idempotency_key)
        return rows if rows and rows[0].state == "FAILED" else None

    [row] = await eventually(failed, within=60, what="the delivery to be FAILED")
    assert row.attempts == 1
    assert "refused" in row.last_error

    # a later email goes out; the refused one was still tried only once
    later = email_request(fine, "to somebody")
    await requests.publish(later)
    await eventually(lambda: sink.to(fine), within=60, what="the later email")
    [row] = await deliveries(target, refused.idempotency_key)
    assert (row.state, row.attempts) == ("FAILED", 1)
    assert sink.handler.refused.count(bounced) == 1


async def test_a_mailbox_never_ready_is_dead_lettered_after_the_last_attempt(
    platform: Platform, requests: Requests
) -> None:
    deferred = email_request(address(DEFER), "later")
    db = Database(platform.database_urls["notifications"], pool_size=1)
    try:
        await requests.publish(deferred)
        target = platform.services["notifications"].grpc_target

        async def retried() -> object:
            rows = await deliveries(target, deferred.idempotency_key)
            return rows if rows and rows[0].attempts >= 2 else None

        [row] = await eventually(retried, within=60, what="a retry")
        assert row.state == "PENDING"
        assert "451" in row.last_error
        # the last attempt comes sooner when we say there are no more (as if attempts ran out)
        async with db.transaction() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.request_key == deferred.idempotency_key)
                .values(attempts=59)
            )

        async def dead() -> object:
            rows = await deliveries(target, deferred.idempotency_key)
            return rows if rows and rows[0].state == "DEAD" else None

        [row] = await eventually(dead, within=60, what="the delivery to be DEAD")
        assert row.attempts == 60
        async with db.session() as session:
            [event] = (
                await session.execute(
                    select(outbox.c.topic, outbox.c.payload).where(
                        outbox.c.payload["request_key"].astext == deferred.idempotency_key
                    )
                )
            ).all()
        assert event.topic == "notifications.delivery-dead-letter.v1"
        assert event.payload["channel"] == "EMAIL"
        assert event.payload["request"]["email_to"] == deferred.email_to
    finally:
        await db.close()


async def test_a_daily_digest_collects_several_events_into_one_email(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    reader = await platform.new_user(Role.READER)
    titles = [f"Digest post {n} {uuid.uuid4().hex[:6]}" for n in range(3)]
    items = [
        request(
            recipient_id=reader.id,
            cadence=Cadence.DAILY,
            subject_kind="POST",
            subject_id=str(uuid.uuid4()),
            data={"author_name": "ann", "post_title": title},
        )
        for title in titles
    ]
    await requests.publish(*items)
    ours = Delivery.request_key.in_([item.idempotency_key for item in items])
    db = Database(platform.database_urls["notifications"], pool_size=1)
    try:

        async def waiting() -> bool:
            async with db.session() as session:
                states = (await session.scalars(select(Delivery.state).where(ours))).all()
            return sorted(states) == [State.DIGEST] * 3

        await eventually(waiting, within=60, what="three deliveries waiting for the digest")
        assert not [m for m in sink.to(reader.email) if "Digest" in text_of(m)]
        # the day passes: the window closes now
        async with db.transaction() as session:
            await session.execute(
                update(Delivery).where(ours).values(digest_due_at=Delivery.created_at)
            )
        [digest] = await eventually(
            lambda: [m for m in sink.to(reader.email) if "new notifications" in m["Subject"]],
            within=60,
            what="the digest email",
        )
        assert digest["Subject"] == "3 new notifications at Indefinite Studies"
        body = text_of(digest)
        assert all(title in body for title in titles)
        assert len(links(digest)) == 3
        async with db.session() as session:
            states = (await session.scalars(select(Delivery.state).where(ours))).all()
        assert sorted(states) == [State.DIGESTED] * 3
    finally:
        await db.close()


async def test_past_the_hourly_limit_emails_wait_for_the_next_digest(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    reader = await platform.new_user()
    items = [
        request(
            recipient_id=reader.id,
            channels=[Channel.EMAIL],
            data={"author_name": "ann", "post_title": f"Busy {n}"},
        )
        for n in range(RATE_LIMIT + 2)
    ]
    await requests.publish(*items)
    target = platform.services["notifications"].grpc_target

    async def last_recorded() -> object:
        rows = await deliveries(target, items[-1].idempotency_key)
        return rows or None

    await eventually(last_recorded, within=60, what="the last request to be recorded")
    states = [
        [
            (row.channel, row.state, row.reason)
            for row in await deliveries(target, item.idempotency_key)
        ]
        for item in items
    ]
    limited = [("EMAIL", "DIGEST", "rate_limited")]
    assert states[-2:] == [limited, limited]
    await eventually(
        lambda: len([m for m in sink.to(reader.email) if "Busy" in m["Subject"]]) == RATE_LIMIT,
        within=60,
        what="the emails within the limit",
    )

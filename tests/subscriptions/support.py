"""The subscriptions service for real: its own PostgreSQL database, a tansu broker, GraphQL over
HTTP, and producers that write posts', auth's and profiles' events built from their contracts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, text

from common.auth import Role
from common.contracts import auth, posts
from common.contracts.subscriptions import NOTIFICATION_REQUEST, NotificationRequest
from common.contracts.topic import Contract, Topic
from common.db import Database, drop_database
from common.events import Kafka
from common.service import RunningService, running
from subgraphs.subscriptions.app import create_app
from subgraphs.subscriptions.models import FanoutJob, JobState, outbox
from subgraphs.subscriptions.settings import Settings
from tests.support.kafka import TansuBroker
from tests.support.polling import eventually
from tests.support.stores import fresh_database_url
from tests.support.tokens import SigningKeys

KEYS = SigningKeys()


def kafka_for(broker: TansuBroker) -> Kafka:
    return Kafka(
        broker.bootstrap,
        client_id="subscriptions-test",
        fetch_max_wait_ms=10,
        session_timeout_ms=1_000,
        heartbeat_interval_ms=200,
        partitions=3,
    )


def token(user: uuid.UUID, role: Role = Role.READER) -> str:
    return KEYS.mint(user_id=user, role=role)


def card(
    author: uuid.UUID,
    *,
    post_id: uuid.UUID | None = None,
    state: posts.State = posts.State.PUBLISHED,
    previous: posts.State | None = posts.State.ON_MODERATION,
    tags: Sequence[int] = (),
    actor: uuid.UUID | None = None,
) -> posts.PostCard:
    now = dt.datetime.now(dt.UTC)
    return posts.PostCard(
        post_id=post_id or uuid.uuid4(),
        author_id=author,
        topic="A post",
        slug="a-post",
        preview_text="preview",
        state=state,
        tag_ids=list(tags),
        tags=[posts.TagRef(id=t, name=f"tag{t}") for t in tags],
        created_at=now,
        published_at=now if state == posts.State.PUBLISHED else None,
        updated_at=now,
        previous_state=previous,
        actor_id=actor or author,
    )


@dataclass
class Subscriptions:
    service: RunningService
    db: Database
    producer: AIOKafkaProducer
    http: httpx.AsyncClient
    published: list[str] = field(default_factory=list)

    async def publish(
        self,
        topic: Topic[Any],
        type: str,
        key: str,
        payload: Contract,
        *,
        event_id: str | None = None,
    ) -> str:
        """Write an event as its producer's relay would; returns its id."""
        event_id = event_id or str(uuid.uuid4())
        envelope = {
            "id": event_id,
            "type": type,
            "occurred_at": dt.datetime.now(dt.UTC).isoformat(),
            "track_id": None,
            "payload": topic.dump(payload),
        }
        await self.producer.send_and_wait(topic.name, orjson.dumps(envelope), key=key.encode())
        return event_id

    async def user(self, role: Role = Role.READER, state: str = "CONFIRMED") -> uuid.UUID:
        user_id = uuid.uuid4()
        await self.publish(
            auth.USER,
            auth.UserEvent.REGISTERED,
            str(user_id),
            auth.UserChanged(
                user_id=user_id, email=f"{user_id.hex}@example.org", role=role.value, state=state
            ),
        )
        return user_id

    async def tag(self, tag_id: int) -> None:
        await self.publish(
            posts.TAG,
            posts.TagEvent.CREATED,
            str(tag_id),
            posts.TagChanged(tag_id=tag_id, name=f"tag{tag_id}"),
        )

    async def known(self, sql: str, **params: Any) -> Any:
        async with self.db.session() as session:
            return await session.scalar(text(sql), params)

    async def wait_known_user(self, user_id: uuid.UUID, state: str = "CONFIRMED") -> None:
        await eventually(
            lambda: self.known(
                "SELECT state = :s FROM users WHERE user_id = :u", u=user_id, s=state
            ),
            what=f"user {user_id} known as {state}",
        )

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        as_: uuid.UUID | None = None,
        role: Role = Role.READER,
    ) -> dict[str, Any]:
        headers = {} if as_ is None else {"Authorization": f"Bearer {token(as_, role)}"}
        response = await self.http.post(
            self.service.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        as_: uuid.UUID | None = None,
        role: Role = Role.READER,
    ) -> dict[str, Any]:
        body = await self.gql(query, variables, as_=as_, role=role)
        assert not body.get("errors"), body
        data: dict[str, Any] = body["data"]
        return data

    async def follow(self, who: uuid.UUID, kind: str, target: str) -> None:
        await self.data(
            "mutation($k: FollowKind!, $id: ID!) { follow(target: $k, id: $id) { kind } }",
            {"k": kind, "id": target},
            as_=who,
        )

    async def job_done(self, event_id: str) -> bool:
        async with self.db.session() as session:
            state = await session.scalar(select(FanoutJob.state).where(FanoutJob.id == event_id))
        return state == JobState.DONE

    async def wait_done(self, event_id: str, within: float = 30.0) -> None:
        await eventually(
            lambda: self.job_done(event_id), within=within, what=f"job {event_id} done"
        )

    async def requests(self, event_id: str | None = None) -> list[NotificationRequest]:
        query = (
            select(outbox.c.payload)
            .where(outbox.c.topic == NOTIFICATION_REQUEST.name)
            .order_by(outbox.c.seq)
        )
        async with self.db.session() as session:
            rows = (await session.execute(query)).scalars().all()
        found = [NOTIFICATION_REQUEST.parse(r) for r in rows]
        return [r for r in found if event_id is None or r.source_event_id == event_id]

    async def request_count(self) -> int:
        async with self.db.session() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.topic == NOTIFICATION_REQUEST.name)
            )
        return int(count or 0)


@asynccontextmanager
async def subscriptions_service(
    broker: TansuBroker, **overrides: Any
) -> AsyncIterator[Subscriptions]:
    url = fresh_database_url("subscriptions")
    settings = Settings(
        database_url=url,
        environment="test",
        log_json=False,
        kafka_bootstrap_servers=broker.bootstrap,
        kafka_fetch_max_wait_ms=10,
        fanout_idle_seconds=0.1,
        **overrides,
    )
    kafka = kafka_for(broker)
    await kafka.ensure_topics(
        [posts.POST.name, posts.COMMENT.name, posts.TAG.name, auth.USER.name, "profiles.user.v1"]
    )
    producer = kafka.producer()
    await producer.start()
    db = Database(url, pool_size=3)
    try:
        async with (
            running(create_app(settings, verifier=KEYS.verifier()), free_ports=True) as service,
            httpx.AsyncClient(timeout=30.0) as http,
        ):
            yield Subscriptions(service=service, db=db, producer=producer, http=http)
    finally:
        await producer.stop()
        await db.close()
        await drop_database(url)

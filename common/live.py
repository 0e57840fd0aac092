"""Live events for GraphQL subscriptions: Redis pub/sub, published where a change commits and
fanned out in each process to the subscriptions listening on its channel.

Why pub/sub and not the Kafka topics: a subscription needs every replica holding a socket to
hear every event at once, now; Kafka consumer groups hand each event to one replica, and a
group per replica means offsets and lag to manage for data nobody replays (the relay also adds
its poll interval). Pub/sub is at-most-once: an event published while a replica's connection
is down is lost, which a live view tolerates (the page shows the truth on reload, and a
listener whose Redis connection broke ends with an error, so the client resubscribes and
refetches). Messages carry ids only; each listener re-reads the row with its own viewer's
rights, so what a reader may not see never leaves the service.

One Redis connection per process serves every listener (``Live.listen``): channels are
subscribed while someone listens to them. Publishing is best-effort: a failure is logged, never
raised into the write that already committed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from common.errors import Unavailable
from common.logging import get_logger

__all__ = ["Live"]

log = get_logger(__name__)
_QUEUE_SIZE = 256  # events a slow listener may fall behind before it is dropped


class Live:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._listeners: dict[str, set[asyncio.Queue[dict[str, Any] | None]]] = {}
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        """Best-effort: the change is committed already; a lost live event is logged."""
        try:
            await self.redis.publish(channel, orjson.dumps(message))
        except RedisError as exc:
            log.warning("live event not published", channel=channel, error=str(exc))

    async def listen(self, channel: str) -> AsyncIterator[dict[str, Any]]:
        """Messages published on ``channel`` from now on; raises ``Unavailable`` when the
        Redis connection breaks (the subscription ends; the client subscribes again)."""
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(_QUEUE_SIZE)
        await self._add(channel, queue)
        try:
            while True:
                message = await queue.get()
                if message is None:
                    raise Unavailable("Live updates were interrupted: subscribe again")
                yield message
        finally:
            await self._remove(channel, queue)

    async def _add(self, channel: str, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        async with self._lock:
            listeners = self._listeners.setdefault(channel, set())
            listeners.add(queue)
            if len(listeners) > 1:
                return
            try:
                if self._pubsub is None:
                    self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                await self._pubsub.subscribe(channel)
            except RedisError as exc:
                listeners.discard(queue)
                if not listeners:
                    del self._listeners[channel]
                raise Unavailable("Live updates are unavailable") from exc
            if self._reader is None or self._reader.done():
                self._reader = asyncio.create_task(self._read(self._pubsub))

    async def _remove(self, channel: str, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        async with self._lock:
            listeners = self._listeners.get(channel)
            if listeners is None:
                return
            listeners.discard(queue)
            if listeners:
                return
            del self._listeners[channel]
            if self._pubsub is not None:
                with contextlib.suppress(RedisError):
                    await self._pubsub.unsubscribe(channel)

    async def _read(self, pubsub: PubSub) -> None:
        try:
            while True:
                message = await pubsub.get_message(timeout=1.0)
                if message is None or message.get("type") != "message":
                    continue
                channel = message["channel"]
                name = channel.decode() if isinstance(channel, bytes) else str(channel)
                try:
                    body = orjson.loads(message["data"])
                except orjson.JSONDecodeError:
                    continue
                for queue in list(self._listeners.get(name, ())):
                    if queue.full():
                        queue.get_nowait()  # a listener this far behind loses the oldest
                    queue.put_nowait(body)
        except (RedisError, OSError) as exc:
            log.warning("live events connection lost", error=str(exc))
            self._fail_all()

    def _fail_all(self) -> None:
        """Every listener ends (``Unavailable``); the next one opens a new connection."""
        for queues in self._listeners.values():
            for queue in queues:
                if queue.full():
                    queue.get_nowait()
                queue.put_nowait(None)
        self._listeners.clear()
        self._pubsub = None

    async def aclose(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._pubsub is not None:
            with contextlib.suppress(RedisError):
                await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self.redis.aclose()

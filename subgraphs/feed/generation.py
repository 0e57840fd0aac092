"""How the feed knows its Redis holds a complete read model, and heals itself when it does not.

The model lives only in Redis, which may come back empty (a restart without persistence, a new
server, FLUSHDB) while the consumer's offsets, kept by Kafka, say every earlier event was
applied. So a marker records the last rebuild that completed:

    key                          type    holds
    feed:{generation}            string  JSON {"id", "layout", "completed_at", "posts"}
    feed-rebuild:{generation}    string  the lock of the rebuild in progress (a random token),
                                         with a TTL the holder keeps renewing

- `FeedStore.rebuild` takes the lock (one rebuild at a time, across replicas) and writes the
  marker when it completes, only if it still holds the lock then: a Redis that lost its data
  during the rebuild lost the lock too, and the partial model must not be marked complete.
  `clear()` deletes the marker (it matches `feed:*`), never the lock.
- `Healer` reads the marker when the feed starts and every FEED_GENERATION_CHECK_SECONDS.
  Missing (first start, lost data, flushed) or of another `LAYOUT` (the key layout of models.py
  changed): it rebuilds from posts and profiles in the background, unless a rebuild is running
  already. Reads keep serving what the store holds meanwhile and the consumer keeps applying
  events (the rebuild's versioned writes and the events' converge, see FeedStore.rebuild).
  A failed rebuild (posts or profiles unreachable) is retried with capped back-off.

Redis Cluster: both keys carry the hash tag `{generation}`, so the script that checks the lock
and writes the marker stays in one slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from redis.asyncio import Redis

from common.errors import Conflict
from common.events.relay import backoff_delay
from common.logging import get_logger
from common.tasks import cancel_and_wait
from subgraphs.feed import models

log = get_logger(__name__)

MARKER = f"{models.PREFIX}:{{generation}}"
LOCK = f"{models.PREFIX}-rebuild:{{generation}}"
#: The version of the key layout in models.py: bump it when a change needs a rebuild.
LAYOUT = 1
LOCK_TTL_MS = 30_000

# KEYS[1] = lock; ARGV[1] = token, ARGV[2] = ttl ms. Renew only a lock we hold.
RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""

# KEYS[1] = lock. Release only a lock we hold.
RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""

# KEYS[1] = marker, KEYS[2] = lock; ARGV[1] = token, ARGV[2] = marker JSON.
MARK = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
"""


class RebuildRunning(Conflict):
    """Another rebuild holds the lock."""

    def __init__(self) -> None:
        super().__init__("A feed rebuild is already running; try again once it has finished")


@dataclass(frozen=True)
class Generation:
    id: str
    layout: int
    completed_at: str
    posts: int


async def current(redis: Redis) -> Generation | None:
    """The marker of the last completed rebuild (None: the store may be incomplete)."""
    raw: Any = await redis.get(MARKER)
    if raw is None:
        return None
    try:
        fields = orjson.loads(raw)
        return Generation(
            id=str(fields["id"]),
            layout=int(fields["layout"]),
            completed_at=str(fields["completed_at"]),
            posts=int(fields["posts"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


async def rebuild_running(redis: Redis) -> bool:
    return bool(await redis.exists(LOCK))


class Lease:
    """The held rebuild lock; `complete()` writes the marker if the lock is still ours."""

    def __init__(self, redis: Redis, token: str) -> None:
        self.redis = redis
        self.token = token

    async def renew(self) -> bool:
        return bool(await self.redis.eval(RENEW, 1, LOCK, self.token, LOCK_TTL_MS))

    async def release(self) -> None:
        await self.redis.eval(RELEASE, 1, LOCK, self.token)

    async def complete(self, posts: int) -> Generation | None:
        generation = Generation(
            id=self.token,
            layout=LAYOUT,
            completed_at=dt.datetime.now(dt.UTC).isoformat(),
            posts=posts,
        )
        marked = await self.redis.eval(
            MARK, 2, MARKER, LOCK, self.token, orjson.dumps(generation.__dict__).decode()
        )
        if not marked:
            log.warning(
                "feed rebuild finished without its lock (Redis lost its data meanwhile?): "
                "not marking the model complete"
            )
            return None
        return generation


@contextlib.asynccontextmanager
async def lease(redis: Redis, *, wait: float = 0.0) -> AsyncIterator[Lease]:
    """Hold the rebuild lock (waiting up to `wait` seconds for it, else RebuildRunning),
    renewing it in the background until the block ends."""
    token = secrets.token_hex(16)
    deadline = asyncio.get_running_loop().time() + wait
    while not await redis.set(LOCK, token, nx=True, px=LOCK_TTL_MS):
        if asyncio.get_running_loop().time() >= deadline:
            raise RebuildRunning()
        await asyncio.sleep(0.2)
    held = Lease(redis, token)

    async def keep() -> None:
        while True:
            await asyncio.sleep(LOCK_TTL_MS / 3000)
            with contextlib.suppress(Exception):  # lost: complete() will notice
                if not await held.renew():
                    return

    keeper = asyncio.create_task(keep(), name="feed-rebuild-lock")
    try:
        yield held
    finally:
        try:
            await cancel_and_wait(keeper)
        finally:  # also when this task is cancelled meanwhile: let go of the lock at once
            with contextlib.suppress(Exception):
                await held.release()


class Healer:
    """Rebuilds the model in the background whenever the store has no complete generation."""

    def __init__(
        self,
        redis: Redis,
        rebuild: Callable[[], Awaitable[object]],
        *,
        interval: float,
        retry_max: float = 60.0,
    ) -> None:
        self.redis = redis
        self.rebuild = rebuild
        self.interval = interval
        self.retry_max = retry_max
        self.rebuilds = 0
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="feed-healer")

    async def stop(self) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            await cancel_and_wait(task)

    async def check(self) -> bool:
        """Rebuild now if the store needs it; True when a rebuild ran."""
        generation = await current(self.redis)
        if generation is not None and generation.layout == LAYOUT:
            return False
        if await rebuild_running(self.redis):
            return False
        reason = "no generation marker" if generation is None else "another key layout"
        log.warning(
            "feed store incomplete (Redis restarted empty or was flushed, or a first start): "
            "rebuilding from posts and profiles in the background",
            reason=reason,
        )
        try:
            result = await self.rebuild()
        except RebuildRunning:
            return False
        self.rebuilds += 1
        log.info("feed rebuilt", result=getattr(result, "__dict__", result))
        return True

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                await self.check()
                failures = 0
                delay = self.interval
            except Exception as exc:
                failures += 1
                delay = backoff_delay(failures, 1.0, self.retry_max)
                log.warning(
                    "feed self-check failed; retrying",
                    error=repr(exc),
                    retry_in_seconds=round(delay, 1),
                )
            await asyncio.sleep(delay)

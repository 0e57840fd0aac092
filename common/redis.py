"""One way to open Redis for every service: a client that survives a Redis restart, and, behind
Sentinel, a failover.

A restart closes every pooled connection; redis-py's default then fails the next command on
each of them (its retry policy only covers the errors listed in `retry_on_error`, none by
default), so each pooled connection would turn one request into an INTERNAL error. Here a
command whose connection was closed under it is retried on a new connection, three times at
most, 10-200 ms apart, so a restart costs a short wait and a down Redis still fails in well
under a second. What each service's state means after a restart (lost or kept) is documented
where the state is kept; the README sums it up.

`REDIS_URL` is any URL redis-py takes (`redis://`, `rediss://`, `unix://`), or, for a primary
watched by Sentinel, `redis+sentinel://[:password@]host:port[,host:port...]/<master name>[/<db>]`:
the client asks the sentinels where the primary is and asks again when a connection to it fails,
so a failover costs the same short wait as a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError

SENTINEL_SCHEME = "redis+sentinel"


@dataclass(frozen=True)
class SentinelTarget:
    """What a `redis+sentinel://` URL names."""

    sentinels: list[tuple[str, int]]
    master: str
    db: int
    password: str | None


def parse_sentinel_url(url: str) -> SentinelTarget:
    parts = urlsplit(url)
    if parts.scheme != SENTINEL_SCHEME:
        raise ValueError(f"not a {SENTINEL_SCHEME}:// URL")
    hosts = parts.netloc.rpartition("@")[2]
    sentinels = []
    for host in hosts.split(","):
        name, _, port = host.rpartition(":")
        if not name or not port.isdigit():
            raise ValueError(f"{SENTINEL_SCHEME} URL: each sentinel is host:port, got {host!r}")
        sentinels.append((name, int(port)))
    path = [p for p in parts.path.split("/") if p]
    if not path or len(path) > 2 or (len(path) == 2 and not path[1].isdigit()):
        raise ValueError(f"{SENTINEL_SCHEME} URL: the path is /<master name>[/<db>]")
    password = unquote(parts.password) if parts.password else None
    return SentinelTarget(sentinels, path[0], int(path[1]) if len(path) == 2 else 0, password)


def connect(url: str, *, decode_responses: bool = False) -> Redis:
    """A client for `url` that retries a command once its connection was closed under it
    (callers keep their commands safe to repeat: a reply lost after the command ran)."""
    options: dict[str, Any] = {
        "decode_responses": decode_responses,
        "retry": Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.2), 3),
        "retry_on_error": [RedisConnectionError],
    }
    if url.startswith(SENTINEL_SCHEME + "://"):
        target = parse_sentinel_url(url)
        sentinel = Sentinel(  # type: ignore[no-untyped-call]
            target.sentinels, socket_timeout=1.0, sentinel_kwargs={"socket_timeout": 1.0}
        )
        client: Redis = sentinel.master_for(
            target.master, db=target.db, password=target.password, **options
        )
        return client
    return Redis.from_url(url, **options)

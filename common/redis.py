"""One way to open Redis for every service: a client that survives a Redis restart.

A restart closes every pooled connection; redis-py's default then fails the next command on
each of them (its retry policy only covers the errors listed in `retry_on_error`, none by
default), so each pooled connection would turn one request into an INTERNAL error. Here a
command whose connection was closed under it is retried on a new connection, three times at
most, 10-200 ms apart, so a restart costs a short wait and a down Redis still fails in well
under a second. What each service's state means after a restart (lost or kept) is documented
where the state is kept; the README sums it up.
"""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialWithJitterBackoff
from redis.exceptions import ConnectionError as RedisConnectionError


def connect(url: str, *, decode_responses: bool = False) -> Redis:
    """A client for `url` that retries a command once its connection was closed under it
    (callers keep their commands safe to repeat: a reply lost after the command ran)."""
    return Redis.from_url(
        url,
        decode_responses=decode_responses,
        retry=Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.2), 3),
        retry_on_error=[RedisConnectionError],
    )

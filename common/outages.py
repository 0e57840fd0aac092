"""Whether an exception means a store is unreachable (PostgreSQL or Redis down, restarting, or
the connection cut), as opposed to a bug: such a request is answered UNAVAILABLE (retry later)
and logged as one warning line, not as an INTERNAL error with its stack and a Sentry event.

The chain is walked (`__cause__`, `__context__`, SQLAlchemy's `orig`), since the driver's error
usually arrives wrapped by the ORM or the pool.
"""

from __future__ import annotations

import asyncpg  # type: ignore[import-untyped]
import redis.exceptions
import sqlalchemy.exc

__all__ = ["store_outage"]

_OUTAGES: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, aborted (the builtin OSError family)
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    asyncpg.PostgresConnectionError,  # class 08
    asyncpg.CannotConnectNowError,  # 57P03: starting up or shutting down
    asyncpg.AdminShutdownError,  # 57P01
    asyncpg.ConnectionDoesNotExistError,
    sqlalchemy.exc.TimeoutError,  # no pooled connection within the pool's timeout
)


def store_outage(exc: BaseException | None) -> bool:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, _OUTAGES):
            return True
        if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
            return True
        orig = getattr(exc, "orig", None)
        if isinstance(orig, BaseException) and store_outage(orig):
            return True
        exc = exc.__cause__ or exc.__context__
    return False

"""common.outages: which exceptions mean "a store is down" (UNAVAILABLE) rather than a bug."""

from __future__ import annotations

import asyncpg  # type: ignore[import-untyped]
import pytest
import redis.exceptions
import sqlalchemy.exc

from common.outages import store_outage


def wrapped(inner: BaseException) -> BaseException:
    """How SQLAlchemy and application code usually hand the driver's error on."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise RuntimeError("while saving") from exc
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connect call failed"),
        redis.exceptions.ConnectionError("Error 111 connecting"),
        redis.exceptions.TimeoutError("Timeout reading from socket"),
        asyncpg.CannotConnectNowError("the database system is shutting down"),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
        sqlalchemy.exc.OperationalError("SELECT 1", {}, ConnectionResetError(104, "reset")),
        wrapped(ConnectionResetError(104, "reset")),
    ],
)
def test_unreachable_stores_are_outages(exc: BaseException) -> None:
    assert store_outage(exc)


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("a bug"),
        KeyError("missing"),
        sqlalchemy.exc.IntegrityError("INSERT", {}, Exception("duplicate key")),
        wrapped(TypeError("a bug")),
        None,
    ],
)
def test_bugs_are_not_outages(exc: BaseException | None) -> None:
    assert not store_outage(exc)

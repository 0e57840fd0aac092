"""Count the SQL a service sends to its database, for tests that pin queries per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url


@dataclass
class SqlStatements:
    """The SQL a service ran on its database (see `sql_statements`)."""

    seen: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.seen.clear()

    @property
    def selects(self) -> list[str]:
        return [s for s in self.seen if s.lstrip().upper().startswith("SELECT")]

    def selects_from(self, table: str) -> int:
        """SELECT statements that read `table` (in FROM or a JOIN)."""
        return sum(1 for s in self.selects if f"FROM {table} " in f"{s} " or f"JOIN {table} " in s)


@contextmanager
def sql_statements(database_url: str) -> Iterator[SqlStatements]:
    """Record every statement sent to this database by any engine of this process (the service
    runs in the tests' event loop): the `before_cursor_execute` event, filtered by database."""
    database = make_url(database_url).database
    recorded = SqlStatements()

    def record(conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        if conn.engine.url.database == database:
            recorded.seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield recorded
    finally:
        event.remove(Engine, "before_cursor_execute", record)

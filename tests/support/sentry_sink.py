"""A local Sentry: an HTTP server on a DSN's address that accepts envelopes (what sentry-sdk
sends to `/api/<project>/envelope/`), parses them and keeps their events and raw bodies.

    with SentrySink() as sink:
        run_something(SENTRY_DSN=sink.dsn)
        events = sink.wait_for(lambda e: e.get("level") == "error")
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import orjson

from tests.support.http_sink import HttpSink

__all__ = ["SentrySink", "parse_envelope"]


def parse_envelope(body: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """The envelope header and its (item header, payload) pairs (Sentry's envelope format:
    newline-separated JSON headers, each payload `length` bytes long or up to the newline)."""
    header_line, _, rest = body.partition(b"\n")
    header = orjson.loads(header_line)
    items: list[tuple[dict[str, Any], bytes]] = []
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        item = orjson.loads(item_line)
        if "length" in item:
            payload, rest = rest[: item["length"]], rest[item["length"] :]
            rest = rest.removeprefix(b"\n")
        else:
            payload, _, rest = rest.partition(b"\n")
        items.append((item, payload))
    return header, items


class SentrySink(HttpSink):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []
        self.raw: list[bytes] = []
        self._lock = threading.Lock()
        self.dsn = self.url.replace("http://", "http://publickey@") + "/42"

    def receive(self, path: str, body: bytes) -> bytes:
        if path.startswith("/api/42/envelope"):
            _, items = parse_envelope(body)
            with self._lock:
                self.raw.append(body)
                self.events.extend(orjson.loads(p) for h, p in items if h.get("type") == "event")
        return b"{}"

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], *, count: int = 1, timeout: float = 20
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                found = [e for e in self.events if predicate(e)]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

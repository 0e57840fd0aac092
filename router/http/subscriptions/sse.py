"""GraphQL over Server-Sent Events, graphql-sse's "distinct connections mode": one POST (or
GET) with ``Accept: text/event-stream`` per operation; ``next`` events carry the results, one
``complete`` event ends the stream, and errors before execution (validation, authentication,
limits) are a ``next`` event too, as the protocol asks (a 4xx would only tell ``EventSource``
that something failed). A comment line every ``heartbeat_seconds`` keeps proxies from closing
an idle stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson

from router.edge.subscriptions import Frame
from router.http.subscriptions.streams import ClosingStream

__all__ = ["SSE", "sse_body", "sse_response"]

SSE = "text/event-stream"
_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}
_COMPLETE = b"event: complete\ndata: \n\n"


def _next(body: Any) -> bytes:
    return b"event: next\ndata: " + orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS) + b"\n\n"


async def sse_body(frames: AsyncIterator[Frame]) -> AsyncIterator[bytes]:
    async for kind, payload in frames:
        if kind == "next":
            yield _next(payload)
        elif kind == "heartbeat":
            yield b":\n\n"
        elif kind == "error":
            yield _next({"errors": payload})
            yield _COMPLETE
            return
        else:
            yield _COMPLETE
            return


async def refused(errors: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    yield _next({"errors": errors})
    yield _COMPLETE


def sse_response(body: AsyncIterator[bytes], on_close: Callable[[], None]) -> ClosingStream:
    return ClosingStream(body, media_type=SSE, on_close=on_close, headers=_HEADERS)

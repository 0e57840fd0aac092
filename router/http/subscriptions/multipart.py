"""Apollo's multipart HTTP subscription protocol: the client POSTs with ``Accept:
multipart/mixed;subscriptionSpec="1.0"`` and reads ``multipart/mixed`` parts, each JSON:
``{"payload": <result>}`` per event, ``{}`` as the heartbeat, and ``{"payload": null,
"errors": [...]}`` when the router ends the subscription itself (the subgraph went away, the
token expired, shutdown). The closing delimiter ends the stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson

from router.edge.subscriptions import Frame
from router.http.subscriptions.streams import ClosingStream

__all__ = ["multipart_body", "multipart_response"]

MEDIA_TYPE = 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"'
_PART = b"\r\n--graphql\r\ncontent-type: application/json\r\n\r\n"
_END = b"\r\n--graphql--\r\n"


def _part(body: Any) -> bytes:
    return _PART + orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)


async def multipart_body(frames: AsyncIterator[Frame]) -> AsyncIterator[bytes]:
    async for kind, payload in frames:
        if kind == "next":
            yield _part({"payload": payload})
        elif kind == "heartbeat":
            yield _part({})
        elif kind == "error":
            yield _part({"payload": None, "errors": payload}) + _END
            return
        else:
            yield _END
            return


def multipart_response(body: AsyncIterator[bytes], on_close: Callable[[], None]) -> ClosingStream:
    return ClosingStream(
        body, media_type=MEDIA_TYPE, on_close=on_close, headers={"cache-control": "no-cache"}
    )

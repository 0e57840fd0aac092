"""A streaming response that always gives back its connection's place, even when the client
went away before the first byte (Starlette cancels the body, which may never have started)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

__all__ = ["ClosingStream"]


class ClosingStream(StreamingResponse):
    def __init__(
        self,
        content: AsyncIterator[bytes],
        *,
        media_type: str,
        on_close: Callable[[], None],
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(content, media_type=media_type, headers=headers)
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_close()

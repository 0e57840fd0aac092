"""Stopping background tasks without swallowing the stopper's own cancellation.

`task.cancel(); with suppress(CancelledError): await task` has a trap: when the task running
that line is itself cancelled while it waits, both cancellations arrive as one CancelledError
and the suppress eats the caller's. The caller then carries on as if never cancelled (the feed's
healer looped on and its stop() waited forever).
"""

from __future__ import annotations

import asyncio
from typing import Any


async def cancel_and_wait(task: asyncio.Task[Any] | None) -> None:
    """Cancel `task` and wait for it to finish. A cancellation of the caller meanwhile is
    raised in the caller; an exception the task ended with (other than its cancellation) is
    raised too, as `await task` would."""
    if task is None:
        return
    task.cancel()
    await asyncio.wait([task])
    if not task.cancelled() and task.exception() is not None:
        task.result()

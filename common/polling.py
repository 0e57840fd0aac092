"""Waiting for something another task or process does: every poll has a deadline.

    await eventually(lambda: store.count(), within=10, what="the card to be stored")

``check`` may be a plain or an async callable; its first truthy result is returned. After
``within`` seconds an AssertionError says what was awaited and what the last check returned.
The pause between checks starts at ``interval`` and grows by half each time up to
``max_interval`` (equal by default: a steady poll). The tests use it (tests/support/polling.py)
and so does the QA prober (qa/steps.py), which must not hammer a live deployment.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import Any

__all__ = ["eventually"]


async def eventually(
    check: Callable[[], Any],
    *,
    within: float = 15.0,
    interval: float = 0.05,
    max_interval: float | None = None,
    what: str = "condition",
) -> Any:
    deadline = time.monotonic() + within
    ceiling = max(interval, max_interval or interval)
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {within} s (last check: {result!r})")
        await asyncio.sleep(interval)
        interval = min(interval * 1.5, ceiling)

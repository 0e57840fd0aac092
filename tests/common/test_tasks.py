"""common.tasks.cancel_and_wait: the stopper's own cancellation is never swallowed."""

from __future__ import annotations

import asyncio

import pytest

from common.tasks import cancel_and_wait


async def test_the_task_is_cancelled_and_awaited() -> None:
    task = asyncio.create_task(asyncio.sleep(3600))
    await cancel_and_wait(task)
    assert task.cancelled()
    await cancel_and_wait(None)


async def test_a_cancelled_stopper_stays_cancelled() -> None:
    stopping = asyncio.Event()

    async def slow_to_stop() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            stopping.set()
            await asyncio.sleep(0.05)  # cleanup that takes a moment

    worker = asyncio.create_task(slow_to_stop())
    await asyncio.sleep(0)
    stopper = asyncio.create_task(cancel_and_wait(worker))
    await stopping.wait()
    stopper.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stopper
    await asyncio.wait([worker])
    assert worker.cancelled()


async def test_a_failure_of_the_task_is_raised() -> None:
    async def fails_on_cancel() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            raise RuntimeError("cleanup failed") from None

    task = asyncio.create_task(fails_on_cancel())
    await asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="cleanup failed"):
        await cancel_and_wait(task)

"""A journey run: named, timed steps, eventual checks with a deadline, and clean-ups that always
run (last registered, first run), each recorded as a step too.

    async def journey(run: Run) -> None:
        async with run.step("log in"):
            tokens = await run.client.data(LOGIN, {...})
        post = await run.eventually(lambda: find(post_id), what="the post in the feed")
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from common import polling
from qa.client import Client
from qa.errors import ApiError, JourneyFailure, NotConfigured
from qa.mailbox import Mailbox
from qa.settings import QaSettings

__all__ = ["JourneyResult", "Run", "StepResult"]

Cleanup = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class StepResult:
    journey: str
    name: str
    ok: bool
    seconds: float
    error: str = ""


@dataclass
class JourneyResult:
    name: str
    track_id: str
    steps: list[StepResult] = field(default_factory=list)
    skipped: str = ""  # why the journey could not run here

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    @property
    def failed_step(self) -> StepResult | None:
        return next((step for step in self.steps if not step.ok), None)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


class Run:
    """One run of one journey against one platform."""

    def __init__(self, name: str, settings: QaSettings, mailbox: Mailbox | None) -> None:
        self.name = name
        self.settings = settings
        self.mailbox = mailbox
        self.client = Client(settings)
        self.result = JourneyResult(name=name, track_id=self.client.track_id)
        self.cache: dict[str, Any] = {}  # what helpers share within the run (owner token)
        self._cleanups: list[tuple[str, Cleanup]] = []

    @contextlib.asynccontextmanager
    async def step(self, name: str) -> AsyncIterator[None]:
        """Time the block; an exception fails the step (and, re-raised, the journey)."""
        started = time.perf_counter()
        try:
            yield
        except NotConfigured:
            raise
        except Exception as exc:
            self._record(name, started, ok=False, error=_describe(exc))
            raise
        self._record(name, started, ok=True)

    def _record(self, name: str, started: float, *, ok: bool, error: str = "") -> None:
        seconds = time.perf_counter() - started
        self.result.steps.append(StepResult(self.name, name, ok, seconds, error))

    async def eventually(
        self, check: Callable[[], Any], *, what: str, within: float | None = None
    ) -> Any:
        """The first truthy result of `check` (sync or async), polled (backing off to one
        check in half a second) until the deadline."""
        try:
            return await polling.eventually(
                check, within=within or self.settings.wait_seconds, max_interval=0.5, what=what
            )
        except AssertionError as exc:
            if isinstance(exc, JourneyFailure):
                raise
            raise JourneyFailure(str(exc)) from None

    def on_cleanup(self, what: str, cleanup: Cleanup) -> None:
        self._cleanups.append((what, cleanup))

    async def clean_up(self) -> None:
        """Every registered clean-up, newest first; a failing one fails the journey but the
        others still run."""
        while self._cleanups:
            what, cleanup = self._cleanups.pop()
            with contextlib.suppress(Exception):
                async with self.step(f"clean up: {what}"):
                    await cleanup()

    async def aclose(self) -> None:
        await self.client.aclose()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ApiError | JourneyFailure):
        return str(exc) or type(exc).__name__
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}"

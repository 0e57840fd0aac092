"""Running journeys: one at a time or a few at once, each with its own deadline, clean-ups
always; and the table `python -m qa run` prints."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from qa.errors import NotConfigured
from qa.journeys import JOURNEYS
from qa.mailbox import Mailbox, open_mailbox
from qa.settings import QaSettings
from qa.steps import JourneyResult, Run, StepResult

__all__ = ["format_table", "run_journey", "run_journeys"]

JOURNEY_DEADLINE_WAITS = 6
"""A journey gets this many QA_WAIT_SECONDS in all (it has at most a few eventual steps)."""


async def run_journey(name: str, settings: QaSettings, mailbox: Mailbox | None) -> JourneyResult:
    """One run of journey `name`: its steps, then its clean-ups (whatever happened)."""
    run = Run(name, settings, mailbox)
    deadline = settings.wait_seconds * JOURNEY_DEADLINE_WAITS
    try:
        async with asyncio.timeout(deadline):
            await JOURNEYS[name](run)
    except NotConfigured as exc:
        run.result.skipped = str(exc)
    except TimeoutError:
        run.result.steps.append(StepResult(name, "journey", False, deadline, "timed out"))
    except Exception as exc:
        if run.result.ok:  # a failure outside any step
            run.result.steps.append(StepResult(name, "journey", False, 0.0, repr(exc)))
    finally:
        try:
            await run.clean_up()
        finally:
            await run.aclose()
    return run.result


async def run_journeys(
    names: Sequence[str], settings: QaSettings, *, concurrency: int = 1
) -> list[JourneyResult]:
    """Every journey in `names`, at most `concurrency` at once, results in the given order."""
    mailbox = open_mailbox(settings.mailbox)
    gate = asyncio.Semaphore(concurrency)

    async def one(name: str) -> JourneyResult:
        async with gate:
            return await run_journey(name, settings, mailbox)

    return list(await asyncio.gather(*(one(name) for name in names)))


def format_table(results: Sequence[JourneyResult]) -> str:
    """Every step with PASS/FAIL and its latency, then one line per journey."""
    rows = [("journey", "step", "result", "ms", "detail")]
    for result in results:
        if result.skipped:
            rows.append((result.name, "-", "SKIP", "", result.skipped))
        for step in result.steps:
            verdict = "PASS" if step.ok else "FAIL"
            rows.append((result.name, step.name, verdict, f"{step.seconds * 1000:.0f}", step.error))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2])]
        cells.append(row[3].rjust(widths[3]))
        lines.append("  ".join([*cells, row[4][:200]]).rstrip())
    lines.append("")
    for result in results:
        verdict = "SKIP" if result.skipped else ("PASS" if result.ok else "FAIL")
        lines.append(
            f"{verdict} {result.name}: {len(result.steps)} steps, {result.seconds:.2f} s, "
            f"track id {result.track_id}"
        )
    return "\n".join(lines)

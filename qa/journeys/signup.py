"""Sign up -> confirm (the emailed link) -> log in -> the account answers `me`."""

from __future__ import annotations

from qa.errors import JourneyFailure
from qa.probes import new_probe
from qa.steps import Run

ME = "query QaMe { me { id login state } }"


async def journey(run: Run) -> None:
    reader = await new_probe(run, label="reader")
    async with run.step("reader: me"):
        me = (await run.client.data(ME, token=reader.token))["me"]
        if me is None or me["id"] != reader.id or me["state"] != "CONFIRMED":
            raise JourneyFailure(f"me is {me}, not the confirmed {reader.login}")

"""The journeys, by name, in the order `python -m qa run` runs them. Each is
`async def journey(run: Run) -> None`: timed steps through the public interfaces, cleaning up
what it created (qa/probes.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from qa.journeys import comment, follow, image, logout, publish, rest, signup
from qa.steps import Run

__all__ = ["JOURNEYS", "Journey"]

Journey = Callable[[Run], Awaitable[None]]

JOURNEYS: dict[str, Journey] = {
    "signup": signup.journey,
    "publish": publish.journey,
    "comment": comment.journey,
    "image": image.journey,
    "follow": follow.journey,
    "rest": rest.journey,
    "logout": logout.journey,
}

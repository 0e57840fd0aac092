"""Why a journey step failed.

JourneyFailure          a step did not do what the journey needs (the message says what)
 +- ApiError            the API answered errors (GraphQL `extensions.code`, REST status)
 +- NotConfigured       the journey needs a setting that is not given (skipped, not failed)
"""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError", "JourneyFailure", "NotConfigured"]


class JourneyFailure(AssertionError):
    """A step did not do what the journey needs."""


class ApiError(JourneyFailure):
    """The router answered errors: `codes` are the GraphQL `extensions.code` values (or the
    REST status as a string)."""

    def __init__(self, message: str, codes: list[str], body: Any = None) -> None:
        super().__init__(message)
        self.codes = codes
        self.body = body


class NotConfigured(Exception):
    """The journey cannot run here (say, no owner account given): reported as skipped."""

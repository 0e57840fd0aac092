"""Shared fixtures: `platform` is the real platform behind our router, started once per module
that asks for it (tests/support/platform.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.platform import Platform, start_platform


@pytest.fixture(scope="module")
async def platform() -> AsyncIterator[Platform]:
    async with start_platform() as running_platform:
        yield running_platform

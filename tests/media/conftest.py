"""One media service per test session (per xdist worker): moto's S3 server, tansu, PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.media.support import MediaUnderTest, media_service
from tests.support.tokens import SigningKeys


@pytest.fixture(scope="session")
async def media() -> AsyncIterator[MediaUnderTest]:
    async with media_service(SigningKeys()) as running_media:
        yield running_media

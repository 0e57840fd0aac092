"""PostgreSQL restarted under a steady stream of writes, on a server of this test's own (the
embedded one make dev uses; never the machine's shared PostgreSQL): every write the platform
acknowledged is there afterwards, writes refused while it is down say so with a clear code
and in bounded time, and writing works again without restarting any service."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from common.auth import Role
from indefinite.embedded import EmbeddedPostgres
from tests.gateways import free_port
from tests.support import stores
from tests.support.platform import Platform, TestUser, start_platform
from tests.support.polling import eventually

pytestmark = pytest.mark.timeout(180)

CREATE = "mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }"
POST = "query ($id: ID!) { post(id: $id) { id topic } }"
CLEAR_CODES = {"UNAVAILABLE", "SUBREQUEST_HTTP_ERROR"}
DOWN_SECONDS = 1.5


@pytest.fixture
def postgres(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmbeddedPostgres]:
    """A private PostgreSQL that the platform's fresh databases are created on."""
    # Under /tmp, not pytest's 0700 tmp_path: PostgreSQL runs as its own user (tests/dev).
    directory = Path(tempfile.mkdtemp(prefix="chaos-pg-"))
    server = EmbeddedPostgres(directory / "data", free_port())
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = directory / "data" / "server.log"
        tail = log.read_text()[-2000:] if log.exists() else "(no server.log)"
        raise AssertionError(f"the private PostgreSQL did not start: {exc}\n{tail}") from exc
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{server.port}/postgres"
    monkeypatch.setattr(stores, "ADMIN_URL", url)
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class Writes:
    platform: Platform
    writer: TestUser
    acknowledged: list[str] = field(default_factory=list)
    refused: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    running: bool = True

    async def write(self) -> None:
        n = 0
        while self.running:
            n += 1
            started = time.perf_counter()
            variables = {"input": {"topic": f"write {n}", "text": "x"}}
            body = await self.platform.gql(CREATE, variables, user=self.writer)
            seconds = time.perf_counter() - started
            post = (body.get("data") or {}).get("createPost")
            if post and not body.get("errors"):
                self.acknowledged.append(post["id"])
            else:
                self.refused.append((seconds, body))
                await asyncio.sleep(0.05)


async def test_a_postgres_restart_under_writes_loses_no_acknowledged_write(
    postgres: EmbeddedPostgres,
) -> None:
    async with start_platform() as platform:
        writer = await platform.new_user(Role.WRITER)
        writes = Writes(platform, writer)
        task = asyncio.create_task(writes.write())
        try:
            await eventually(lambda: len(writes.acknowledged) >= 5, what="writes before")
            await asyncio.to_thread(postgres.stop)
            down = len(writes.acknowledged)
            await asyncio.sleep(DOWN_SECONDS)
            await asyncio.to_thread(postgres.start)
            await eventually(
                lambda: len(writes.acknowledged) >= down + 5, within=30, what="writes after"
            )
        finally:
            writes.running = False
            await task
        missing = [
            post_id
            for post_id in writes.acknowledged
            if (await platform.data(POST, {"id": post_id}, user=writer))["post"] is None
        ]
        assert not missing, f"{len(missing)} of {len(writes.acknowledged)} acknowledged lost"

    assert writes.refused, "no write was refused while PostgreSQL was down"
    for seconds, body in writes.refused:
        codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
        assert codes, body
        assert codes <= CLEAR_CODES, body
        assert seconds < 10, f"a refused write took {seconds:.1f} s"

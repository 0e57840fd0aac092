"""A private redis-server for tests that restart or flush Redis (the shared test Redis must
not be restarted): a free loopback port, no persistence, restartable on the same port.

    async with redis_server() as server:
        server.url               # redis://127.0.0.1:PORT/0
        await server.restart()   # back empty, as a Redis without persistence after a crash

Needs `redis-server` on PATH (the Debian package); without it the test fails, it is not skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from indefinite.embedded import redis_program, wait_for_port
from indefinite.kafka_broker import free_port


class RedisServer:
    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        program = redis_program(self.directory, self.port, appendonly=False)
        if program is None:
            raise RuntimeError("redis-server is not on PATH (apt-get install redis-server)")
        self.process = await asyncio.to_thread(
            subprocess.Popen, program.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        await asyncio.to_thread(wait_for_port, "127.0.0.1", self.port, 10.0)

    async def stop(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            process.kill()  # as a crash: nothing saved (there is no persistence anyway)
            await asyncio.to_thread(process.wait, 10)

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@contextlib.asynccontextmanager
async def redis_server() -> AsyncIterator[RedisServer]:
    with tempfile.TemporaryDirectory(prefix="redis-") as directory:
        server = RedisServer(Path(directory))
        await server.start()
        try:
            yield server
        finally:
            await server.stop()

"""A real S3 endpoint for tests: moto's server in its own process, one per use.

async with moto_s3() as s3:
    s3.endpoint                 # "http://127.0.0.1:PORT"
    s3.pause() / s3.resume()    # unreachable but alive (SIGSTOP/SIGCONT): nothing is lost
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
from collections.abc import AsyncIterator

from indefinite.s3_server import prepare_bucket, start_moto, stop_moto


class MotoServer:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.endpoint = ""

    async def start(self) -> None:
        self.process, self.endpoint = await asyncio.to_thread(start_moto)

    async def stop(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            self.resume_process(process)
            await asyncio.to_thread(stop_moto, process)

    async def bucket(self, name: str, *, cors_origins: tuple[str, ...] = ()) -> None:
        await asyncio.to_thread(prepare_bucket, self.endpoint, name, cors_origins=cors_origins)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): requests hang until the client's timeouts."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.resume_process(self.process)

    @staticmethod
    def resume_process(process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGCONT)


@contextlib.asynccontextmanager
async def moto_s3() -> AsyncIterator[MotoServer]:
    server = MotoServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()

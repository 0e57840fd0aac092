"""A real Kafka-protocol broker for tests: tansu on a free loopback port, one per use.

    async with tansu() as broker:
        broker.bootstrap            # "127.0.0.1:PORT"
        await broker.stop()         # fault tests: the broker is down ...
        await broker.start()        # ... and back on the SAME port (memory storage: empty again)
        broker.pause() / resume()   # unreachable but alive (SIGSTOP/SIGCONT): its log survives

Tansu keeps its log in memory, so a restart loses every record and topic; fault tests write
their events while it is down, or check that a client retries against the new broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
from collections.abc import AsyncIterator

from indefinite.kafka_broker import free_port, start_tansu, stop_tansu


class TansuBroker:
    def __init__(self, port: int | None = None, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def start(self) -> None:
        if self.running:
            return
        self.process, _ = await asyncio.to_thread(start_tansu, self.port, host=self.host)

    async def stop(self) -> None:
        if self.process is not None:
            process, self.process = self.process, None
            await asyncio.to_thread(stop_tansu, process)

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): clients time out as if the network or broker were down,
        but nothing it acknowledged is lost, as with a real Kafka outage."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@contextlib.asynccontextmanager
async def tansu(port: int | None = None) -> AsyncIterator[TansuBroker]:
    """A started broker, killed on exit whatever state the test left it in."""
    broker = TansuBroker(port)
    await broker.start()
    try:
        yield broker
    finally:
        broker.resume()
        await broker.stop()

"""A TCP fault proxy in the test's event loop, in front of one service (as toxiproxy would be):

    proxy = FaultProxy(); await proxy.start(); proxy.target = ("127.0.0.1", port)
    proxy.freeze()   # connections stay open, nothing is forwarded (a SIGSTOPped process)
    proxy.kill()     # every connection reset, new ones refused (a crashed process)
    await proxy.restore()

The router reaches the service only through `proxy.url`, so the faults are the network's and
the service's own state is untouched.
"""

from __future__ import annotations

import asyncio
import contextlib

from tests.gateways import free_port

__all__ = ["FaultProxy"]

CHUNK = 65536


class FaultProxy:
    def __init__(self) -> None:
        self.port = free_port()
        self.target: tuple[str, int] | None = None
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True
        )

    async def stop(self) -> None:
        self._flowing.set()
        self._reset_all()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def freeze(self) -> None:
        self._flowing.clear()

    def kill(self) -> None:
        """Reset every connection and stop listening (connections are refused)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        self._reset_all()

    async def restore(self) -> None:
        self._flowing.set()
        if self._server is None:
            await self.start()

    def _reset_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert self.target is not None, "set proxy.target before sending traffic"
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        try:
            await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
        finally:
            for end in (writer, up_writer):
                self._writers.discard(end)
                end.transport.abort()

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await source.read(CHUNK):
                await self._flowing.wait()  # frozen: hold the bytes, as a stopped process would
                sink.write(chunk)
                await sink.drain()
        sink.close()

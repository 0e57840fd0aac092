"""`REDIS_URL=redis+sentinel://…`: services find the primary through real Sentinel processes and
keep working after Sentinel fails over to the replica (the chart's values take such a URL)."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from common.redis import connect, parse_sentinel_url
from indefinite.embedded import wait_for_port
from indefinite.kafka_broker import free_port
from tests.support.polling import eventually

MASTER = "indefinite"


@contextlib.asynccontextmanager
async def server(directory: Path, port: int, argv: list[str]) -> AsyncIterator[int]:
    """`redis-server argv` (a data node or a sentinel) until the block ends; yields its port."""
    process = await asyncio.to_thread(
        subprocess.Popen,
        ["redis-server", *argv],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await asyncio.to_thread(wait_for_port, "127.0.0.1", port, 10.0)
        yield port
    finally:
        process.kill()
        await asyncio.to_thread(process.wait, 10)


def redis_process(directory: Path, *args: str) -> contextlib.AbstractAsyncContextManager[int]:
    port = free_port()
    return server(
        directory, port, ["--port", str(port), "--bind", "127.0.0.1", "--save", "", *args]
    )


def sentinel_process(directory: Path, primary: int) -> contextlib.AbstractAsyncContextManager[int]:
    port = free_port()
    config = directory / f"sentinel-{port}.conf"
    config.write_text(
        f"port {port}\nbind 127.0.0.1\n"
        f"sentinel monitor {MASTER} 127.0.0.1 {primary} 1\n"
        f"sentinel down-after-milliseconds {MASTER} 1000\n"
        f"sentinel failover-timeout {MASTER} 5000\n"
    )
    return server(directory, port, [str(config), "--sentinel"])


def test_sentinel_urls_name_sentinels_master_and_db() -> None:
    target = parse_sentinel_url("redis+sentinel://:s%40cret@a:26379,b:26380/cache/3")
    assert target.sentinels == [("a", 26379), ("b", 26380)]
    assert (target.master, target.db, target.password) == ("cache", 3, "s@cret")
    for bad in ("redis+sentinel://a/cache", "redis+sentinel://a:1/", "redis+sentinel://a:1/m/x"):
        with pytest.raises(ValueError, match="redis\\+sentinel"):
            parse_sentinel_url(bad)


async def test_a_client_follows_the_primary_through_a_failover() -> None:
    with tempfile.TemporaryDirectory(prefix="sentinel-") as folder:
        directory = Path(folder)
        async with (
            redis_process(directory) as primary,
            redis_process(directory, "--replicaof", "127.0.0.1", str(primary)) as replica,
            sentinel_process(directory, primary) as sentinel,
        ):
            client = connect(f"redis+sentinel://127.0.0.1:{sentinel}/{MASTER}/2")
            await client.set("greeting", "hello")
            assert await client.get("greeting") == b"hello"

            async def replicated() -> bool:
                replica_client = connect(f"redis://127.0.0.1:{replica}/2")
                try:
                    return bool(await replica_client.get("greeting") == b"hello")
                finally:
                    await replica_client.aclose()

            await eventually(replicated, within=10, what="the replica has the key")
            admin = connect(f"redis://127.0.0.1:{sentinel}")
            await admin.execute_command("SENTINEL", "FAILOVER", MASTER)  # type: ignore[no-untyped-call]
            await admin.aclose()
            direct = connect(f"redis://127.0.0.1:{replica}/2")

            async def promoted() -> bool:
                role = await direct.execute_command("ROLE")  # type: ignore[no-untyped-call]
                return bool(role[0] == b"master")

            await eventually(promoted, within=20, what="the replica promoted")

            async def written() -> bool:
                # a write the old primary took while being demoted is lost with its resync (as
                # in any Redis failover): write until one lands on the new primary, found by
                # the client through the sentinels
                with contextlib.suppress(Exception):
                    await client.set("after", "failover")
                    return bool(await direct.get("after") == b"failover")
                return False

            await eventually(written, within=20, what="a write on the new primary")
            await direct.aclose()
            await client.aclose()
            for sentinel_client in client.connection_pool.sentinel_manager.sentinels:  # type: ignore[attr-defined]
                await sentinel_client.aclose()

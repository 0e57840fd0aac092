"""HttpSubgraphFetcher's bounds: a query waits the subgraph's own timeout (or the default), a
mutation the mutation timeout; past it, a SubgraphError naming the subgraph and the bound."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from router.errors import SubgraphError
from router.executor.fetcher import HttpSubgraphFetcher


@pytest.fixture
async def hung_url() -> AsyncIterator[str]:
    """A server that accepts and reads requests but never answers (a frozen process)."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # until the client gives up
        writer.close()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.close()


async def elapsed_failure(fetcher: HttpSubgraphFetcher, subgraph: str, query: str) -> float:
    started = time.perf_counter()
    with pytest.raises(SubgraphError, match=f"'{subgraph}' timed out"):
        await fetcher.fetch(subgraph, {"query": query}, {})
    return time.perf_counter() - started


async def test_queries_use_their_subgraphs_timeout_and_mutations_theirs(hung_url: str) -> None:
    fetcher = HttpSubgraphFetcher(
        {"profiles": hung_url, "posts": hung_url},
        timeout=2.0,
        timeouts={"Profiles": 0.2},  # names match case-insensitively, as environment keys
        mutation_timeout=0.6,
    )
    try:
        fast = await elapsed_failure(fetcher, "profiles", "{ users { id } }")
        default = await elapsed_failure(fetcher, "posts", "query { posts { id } }")
        mutation = await elapsed_failure(fetcher, "profiles", "mutation { touch }")
    finally:
        await fetcher.aclose()
    # each bound is the one that applies (wide margins: timers fire late on a busy machine)
    assert 0.15 < fast < 1.5, fast
    assert default > 1.9, default
    assert 0.55 < mutation < 1.5, mutation

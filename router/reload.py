"""Supergraph hot reload: a new supergraph is loaded, validated and swapped in atomically.

    engine = SwappableEngine(first_pipeline)          # a GraphQLEngine, like the Pipeline
    reloader = SupergraphReloader(source, build, engine, interval=5.0)
    await reloader.start()   # polls the file (or URL); a changed one is built, then swapped

Every request takes a *snapshot* — the pipeline current when it began (supergraph, planner,
caches, fetcher) — and keeps it to its end, so a swap never changes the schema under a request
in flight; an open subscription holds its snapshot the same way (``async with
engine.snapshot() as pipeline``) for as long as it lives. A retired pipeline is closed once
its last holder lets go. A supergraph that does not load (bad SDL, a composition the router
cannot read) is refused with a log line, the old one keeps serving, and
``router_supergraph_reloads_total{result="failure"}`` counts it.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge

from router.pipeline import ExecutionOutcome, GraphQLEngine, GraphQLRequest

__all__ = [
    "FileSource",
    "SupergraphReloader",
    "SupergraphSource",
    "SwappableEngine",
    "UrlSource",
]

log = structlog.get_logger(__name__)


@dataclass(eq=False)
class _Snapshot:
    engine: GraphQLEngine
    generation: int
    holders: int = 0
    retired: bool = False
    closed: asyncio.Event = field(default_factory=asyncio.Event)


class SwappableEngine:
    """A ``GraphQLEngine`` whose pipeline can be replaced while requests run on the old one."""

    def __init__(self, engine: GraphQLEngine) -> None:
        self._current = _Snapshot(engine, generation=1)
        self._closing: set[asyncio.Task[None]] = set()

    @property
    def current(self) -> GraphQLEngine:
        return self._current.engine

    @property
    def generation(self) -> int:
        """1 for the supergraph the router started with, +1 per swap."""
        return self._current.generation

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[GraphQLEngine]:
        """Hold the current pipeline (a request, a subscription) until the block ends."""
        snap = self._current
        snap.holders += 1
        try:
            yield snap.engine
        finally:
            snap.holders -= 1
            if snap.retired and snap.holders == 0:
                self._close_later(snap)

    def swap(self, engine: GraphQLEngine) -> int:
        """Serve new requests from ``engine``; the old one closes when its holders are done."""
        old = self._current
        self._current = _Snapshot(engine, generation=old.generation + 1)
        old.retired = True
        if old.holders == 0:
            self._close_later(old)
        return self._current.generation

    def _close_later(self, snap: _Snapshot) -> None:
        if snap.closed.is_set():
            return
        snap.closed.set()
        task = asyncio.get_running_loop().create_task(snap.engine.aclose())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def execute(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome:
        async with self.snapshot() as engine:
            return await engine.execute(request, headers=headers)

    async def subscribe(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome:
        """A subscription keeps the pipeline it began with until its stream ends (a swap
        mid-stream retires the old pipeline only once the last such stream is done)."""
        stack = AsyncExitStack()
        engine = await stack.enter_async_context(self.snapshot())
        try:
            outcome: ExecutionOutcome = await engine.subscribe(  # type: ignore[attr-defined]
                request, headers=headers
            )
        except BaseException:
            await stack.aclose()
            raise
        events = outcome.events
        if events is None:
            await stack.aclose()
            return outcome

        async def held() -> AsyncIterator[dict[str, Any]]:
            async with stack:
                async for event in events:
                    yield event

        outcome.events = held()
        return outcome

    def explain(self, request: GraphQLRequest) -> str:
        return self._current.engine.explain(request)

    async def aclose(self) -> None:
        """Close the current pipeline and wait for retired ones being closed."""
        snap = self._current
        snap.retired = True
        if not snap.closed.is_set():
            snap.closed.set()
            await snap.engine.aclose()
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


class SupergraphSource:
    """Where the supergraph comes from: ``read()`` returns its SDL, or None when unchanged."""

    description: str

    async def read(self) -> str | None:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None


class FileSource(SupergraphSource):
    """A supergraph file: read when its modification time or size changed, then compared by
    content (an editor's save that changes nothing is not a reload)."""

    def __init__(self, path: Path, *, loaded: str | None = None) -> None:
        self.path = path
        self.description = str(path)
        self._stat: tuple[int, int] | None = None
        self._digest = _digest(loaded) if loaded is not None else None
        if loaded is not None:
            self._stat = self._stat_of()

    def _stat_of(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    async def read(self) -> str | None:
        stat = self._stat_of()
        if stat is None or stat == self._stat:
            return None
        self._stat = stat
        sdl = await asyncio.to_thread(self.path.read_text, encoding="utf-8")
        digest = _digest(sdl)
        if digest == self._digest:
            return None
        self._digest = digest
        return sdl


class UrlSource(SupergraphSource):
    """A supergraph served over HTTP (a schema registry, a file server), polled with
    ``If-None-Match`` when the server gives an ``ETag``."""

    def __init__(
        self, url: str, *, client: httpx.AsyncClient | None = None, loaded: str | None = None
    ) -> None:
        self.url = url
        self.description = url
        self._client = client or httpx.AsyncClient(timeout=10.0)
        self._owns_client = client is None
        self._etag: str | None = None
        self._digest = _digest(loaded) if loaded is not None else None

    async def read(self) -> str | None:
        headers = {"if-none-match": self._etag} if self._etag else {}
        response = await self._client.get(self.url, headers=headers)
        if response.status_code == 304:
            return None
        response.raise_for_status()
        self._etag = response.headers.get("etag")
        sdl = response.text
        digest = _digest(sdl)
        if digest == self._digest:
            return None
        self._digest = digest
        return sdl

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def _digest(sdl: str) -> str:
    return hashlib.sha256(sdl.encode("utf-8")).hexdigest()


class SupergraphReloader:
    """Polls ``source`` every ``interval`` seconds; builds (which validates) and swaps."""

    def __init__(
        self,
        source: SupergraphSource,
        build: Callable[[str], GraphQLEngine],
        engine: SwappableEngine,
        *,
        interval: float,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self.source = source
        self.build = build
        self.engine = engine
        self.interval = interval
        self._task: asyncio.Task[None] | None = None
        self.reloads = Counter(
            "router_supergraph_reloads",
            "Supergraph reloads by result (success: swapped in; failure: refused, old kept).",
            ["result"],
            registry=registry,
        )
        self.loaded_at = Gauge(
            "router_supergraph_loaded_timestamp_seconds",
            "When the supergraph being served was loaded (unix time).",
            registry=registry,
        )
        self.loaded_at.set(time.time())

    async def check(self) -> bool:
        """One poll: True when a new supergraph was swapped in."""
        try:
            sdl = await self.source.read()
        except Exception as exc:
            self.reloads.labels("failure").inc()
            log.warning(
                "supergraph.reload_read_failed", source=self.source.description, error=str(exc)
            )
            return False
        if sdl is None:
            return False
        try:
            # parsing the SDL and building the API schema and planner is CPU work: off the loop
            engine = await asyncio.to_thread(self.build, sdl)
        except Exception as exc:
            self.reloads.labels("failure").inc()
            log.error(
                "supergraph.reload_refused",
                source=self.source.description,
                error=f"{type(exc).__name__}: {exc}",
                hint="the previous supergraph keeps serving",
            )
            return False
        generation = self.engine.swap(engine)
        self.reloads.labels("success").inc()
        self.loaded_at.set(time.time())
        log.info("supergraph.reloaded", source=self.source.description, generation=generation)
        return True

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.check()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.source.aclose()

"""Activity reporting: tell the sessions service which client (track id) was seen, off the
request path.

``record`` is synchronous and O(1): it puts (track id, user agent, client address, user id and
sid from the verified token) into an in-memory buffer keyed by track id, so a busy client costs one
entry per flush, not one per request. A background task (started on the first record, in a clean
context so its log lines carry no request's track id) sends the buffer to sessions' ``TouchMany``
every ``flush_interval_seconds``, or at once when ``max_batch`` entries are waiting.

Never adds latency and never fails a request: when sessions is slow or down, a flush gives up
after ``timeout_seconds``, the batch is dropped (activity is soft state; the next request of the
client reports it again), a warning is logged once per outage and counted in
``router_sessions_reported_total{outcome="failed"}``; while a flush is in flight new entries
wait in the buffer, which is bounded by ``max_buffer`` (beyond it new track ids are dropped and
counted as ``outcome="dropped"``).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import grpc
import structlog
from google.protobuf.timestamp_pb2 import Timestamp
from prometheus_client import CollectorRegistry, Counter
from starlette.requests import Request

from protos.indefinite.sessions.v1 import sessions_pb2, sessions_pb2_grpc
from router.settings import SessionsSettings

__all__ = ["Activity", "SessionReporter"]

log = structlog.get_logger(__name__)

_USER_AGENT_MAX = 512
_CHANNEL_OPTIONS = (
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.min_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 5000),
)


@dataclass(frozen=True, slots=True)
class Activity:
    track_id: str
    seen_at: float
    user_agent: str
    client_address: str
    user_id: str
    session_id: str

    def message(self) -> sessions_pb2.TouchRequest:
        seen_at = Timestamp()
        seen_at.FromNanoseconds(int(self.seen_at * 1e9))
        return sessions_pb2.TouchRequest(
            track_id=self.track_id,
            user_agent=self.user_agent,
            client_address=self.client_address,
            user_id=self.user_id,
            session_id=self.session_id,
            seen_at=seen_at,
        )


class SessionReporter:
    def __init__(
        self,
        settings: SessionsSettings,
        *,
        registry: CollectorRegistry | None = None,
    ) -> None:
        if not settings.grpc_target:
            raise ValueError("SessionReporter needs sessions.grpc_target")
        self.target = settings.grpc_target
        self.settings = settings
        self._buffer: dict[str, Activity] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self._failing = False
        self.reported = Counter(
            "router_sessions_reported",
            "Activity entries for the sessions service, by outcome (sent, failed, dropped).",
            ["outcome"],
            registry=registry,
        )
        self.flushes = Counter(
            "router_sessions_flushes",
            "TouchMany calls to the sessions service, by outcome (ok, error).",
            ["outcome"],
            registry=registry,
        )

    # ---- the request path --------------------------------------------------------------------

    def record_request(self, request: Request, track_id: str, claims: object | None) -> None:
        """Record the request's client; ``claims`` are the verified token's (None: anonymous)."""
        user_id = session_id = ""
        if isinstance(claims, Mapping):
            user_id = str(claims.get("sub") or "")
            session_id = str(claims.get("sid") or "") if user_id else ""
        # the socket's peer, or the client a trusted proxy named (router.http.app)
        address = request.client.host if request.client else ""
        self.record(
            Activity(
                track_id=track_id,
                seen_at=time.time(),
                user_agent=request.headers.get("user-agent", "")[:_USER_AGENT_MAX],
                client_address=address,
                user_id=user_id,
                session_id=session_id,
            )
        )

    def record(self, activity: Activity) -> None:
        if self._closed:
            return
        buffer = self._buffer
        if activity.track_id not in buffer and len(buffer) >= self.settings.max_buffer:
            self.reported.labels("dropped").inc()
            return
        buffer[activity.track_id] = activity  # the newest observation of a client wins
        if len(buffer) >= self.settings.max_batch:
            self._wake.set()
        if self._task is None:
            # a fresh context: the flusher must not inherit this request's bound track id
            self._task = asyncio.get_running_loop().create_task(
                self._run(), context=contextvars.Context()
            )

    @property
    def pending(self) -> int:
        return len(self._buffer)

    # ---- the flusher -------------------------------------------------------------------------

    async def _run(self) -> None:
        channel = grpc.aio.insecure_channel(self.target, options=_CHANNEL_OPTIONS)
        stub: Any = sessions_pb2_grpc.SessionsServiceStub(channel)  # type: ignore[no-untyped-call]
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.flush_interval_seconds)
                self._wake.clear()
                await self._flush(stub)
                if self._closed:
                    return
        finally:
            await channel.close(None)

    async def _flush(self, stub: Any) -> None:
        if not self._buffer:
            return
        entries, self._buffer = list(self._buffer.values()), {}
        size = self.settings.max_batch
        for start in range(0, len(entries), size):
            chunk = entries[start : start + size]
            try:
                await stub.TouchMany(
                    sessions_pb2.TouchManyRequest(touches=[a.message() for a in chunk]),
                    timeout=self.settings.timeout_seconds,
                )
            except Exception as exc:
                # one failed call drops the rest of this flush too: never queue behind an outage
                self.flushes.labels("error").inc()
                self.reported.labels("failed").inc(len(entries) - start)
                self._report_failure(exc)
                return
            self.flushes.labels("ok").inc()
            self.reported.labels("sent").inc(len(chunk))
        if self._failing:
            self._failing = False
            log.info("sessions.report_recovered", target=self.target)

    def _report_failure(self, exc: Exception) -> None:
        detail = exc.code().name if isinstance(exc, grpc.aio.AioRpcError) else repr(exc)
        if not self._failing:
            self._failing = True
            log.warning("sessions.report_failed", target=self.target, error=detail)
        else:
            log.debug("sessions.report_failed", target=self.target, error=detail)

    async def aclose(self) -> None:
        """Flush what is buffered (bounded by the timeout) and stop."""
        self._closed = True
        task, self._task = self._task, None
        if task is None:
            return
        self._wake.set()
        try:
            await asyncio.wait_for(task, self.settings.timeout_seconds + 1.0)
        except TimeoutError:
            log.warning("sessions.report_close_timeout", target=self.target)

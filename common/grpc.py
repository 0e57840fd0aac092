"""gRPC helpers: an aio server with the standard health service and interceptors for the track
id, deadlines and error-to-status mapping; client channels that send the track id and a
default deadline, and turn statuses back into AppErrors."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from common.errors import CODE_FROM_GRPC, GRPC_STATUS, AppError, ErrorCode, error_for_code
from common.logging import get_logger
from common.metrics import GRPC_REQUESTS
from common.tracing import grpc_client_interceptors, grpc_server_interceptors
from common.tracking import TRACK_ID_HEADER, bind_track_id, current_track_id, new_track_id

log = get_logger(__name__)
Register = Callable[[grpc.aio.Server], None]


class _ServerInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    def __init__(self, service: str) -> None:
        self.service = service

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Any]],
        details: grpc.HandlerCallDetails,
    ) -> Any:
        handler = await continuation(details)
        if handler is None:
            return handler
        metadata = dict(details.invocation_metadata or ())
        track_id = metadata.get(TRACK_ID_HEADER) or new_track_id()
        method = details.method
        service = self.service

        async def fail(exc: BaseException, context: Any) -> None:
            if isinstance(exc, AppError):
                GRPC_REQUESTS.labels(service, method, exc.code.value).inc()
                await context.abort(GRPC_STATUS[exc.code], exc.message)
            log.exception("unhandled error in gRPC method", method=method)
            GRPC_REQUESTS.labels(service, method, "INTERNAL").inc()
            await context.abort(grpc.StatusCode.INTERNAL, "Internal server error")

        if handler.unary_unary:
            inner = handler.unary_unary

            async def unary(request: Any, context: Any) -> Any:
                bind_track_id(str(track_id))
                try:
                    response = await inner(request, context)
                except grpc.aio.AbortError:
                    raise
                except Exception as exc:
                    await fail(exc, context)
                GRPC_REQUESTS.labels(service, method, "OK").inc()
                return response

            return grpc.unary_unary_rpc_method_handler(
                unary,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            inner_stream = handler.unary_stream

            async def stream(request: Any, context: Any) -> AsyncIterator[Any]:
                bind_track_id(str(track_id))
                try:
                    async for item in inner_stream(request, context):
                        yield item
                except grpc.aio.AbortError:
                    raise
                except Exception as exc:
                    await fail(exc, context)
                GRPC_REQUESTS.labels(service, method, "OK").inc()

            return grpc.unary_stream_rpc_method_handler(
                stream,
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler


@dataclass(frozen=True)
class GrpcServer:
    server: grpc.aio.Server
    port: int
    health: Any

    async def start(self) -> None:
        await self.server.start()
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace: float = 2.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)


def create_server(
    *, service: str, host: str, port: int, register: Sequence[Register]
) -> GrpcServer:
    """A server with our servicers plus grpc.health.v1 (SERVING once started)."""
    # The tracing interceptor (when on) runs first, so our handler runs inside its span.
    interceptors = [*grpc_server_interceptors(), _ServerInterceptor(service)]
    server = grpc.aio.server(interceptors=interceptors)
    for add in register:
        add(server)
    health_servicer = health.aio.HealthServicer()  # type: ignore[attr-defined]
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = server.add_insecure_port(f"{host}:{port}")
    return GrpcServer(server=server, port=bound, health=health_servicer)


class _ClientInterceptor(
    grpc.aio.UnaryUnaryClientInterceptor,  # type: ignore[type-arg]
    grpc.aio.UnaryStreamClientInterceptor,  # type: ignore[type-arg]
):
    """Adds the track id and a default deadline to every outgoing call."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout

    def _details(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        metadata = grpc.aio.Metadata(*(details.metadata or ()))
        track_id = current_track_id()
        if track_id and TRACK_ID_HEADER not in metadata:
            metadata.add(TRACK_ID_HEADER, track_id)
        return grpc.aio.ClientCallDetails(
            method=details.method,
            timeout=details.timeout if details.timeout is not None else self.timeout,
            metadata=metadata,
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
        )

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self._details(details), request)

    async def intercept_unary_stream(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(self._details(details), request)


def client_channel(target: str, *, timeout: float = 5.0) -> grpc.aio.Channel:
    interceptors: list[Any] = [_ClientInterceptor(timeout), *grpc_client_interceptors()]
    return grpc.aio.insecure_channel(target, interceptors=interceptors)


def app_error_from_rpc(exc: grpc.aio.AioRpcError) -> AppError:
    """Rebuild the callee's AppError; transport failures become INTERNAL (never leaked)."""
    code = CODE_FROM_GRPC.get(exc.code())
    transport = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
    if code is None or exc.code() in transport:
        return error_for_code(ErrorCode.INTERNAL)
    return error_for_code(code, exc.details())

"""The client of media's gRPC for the services that own what images are used in (posts'
covers, profiles' avatars): before such a service stores an image id it asks media to put the
image in its slot, which media allows only for the caller's own READY image.

    media = MediaClient(settings.media_grpc_target, timeout=settings.grpc_timeout_seconds)
    await media.use(image_id, user_id=viewer.user_id, slot="COVER", subject=f"post:{post.id}")

Errors come back as AppErrors: NOT_FOUND, FORBIDDEN (not theirs, not READY), BAD_USER_INPUT;
media unreachable is UNAVAILABLE (the caller stores nothing).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

import grpc

from common.errors import AppError, Unavailable
from common.grpc import app_error_from_rpc, client_channel
from protos.indefinite.media.v1 import media_pb2, media_pb2_grpc

Slot = Literal["AVATAR", "COVER", "INLINE"]
_SLOTS = {"AVATAR": media_pb2.AVATAR, "COVER": media_pb2.COVER, "INLINE": media_pb2.INLINE}


@dataclass(frozen=True)
class UsedImage:
    image_id: uuid.UUID
    width: int
    height: int
    placeholder: str


def _error(exc: grpc.aio.AioRpcError) -> AppError:
    if exc.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return Unavailable("Images are unavailable, try again later")
    return app_error_from_rpc(exc)


class MediaClient:
    def __init__(self, target: str, *, timeout: float = 5.0) -> None:
        self.target = target
        self.timeout = timeout
        self._channel: grpc.aio.Channel | None = None
        self._stub: Any = None

    def _media(self) -> Any:
        # created on first use: the channel belongs to the event loop that serves requests
        if self._stub is None:
            self._channel = client_channel(self.target, timeout=self.timeout)
            self._stub = media_pb2_grpc.MediaServiceStub(self._channel)  # type: ignore[no-untyped-call]
        return self._stub

    async def use(
        self, image_id: uuid.UUID, *, user_id: uuid.UUID, slot: Slot, subject: str
    ) -> UsedImage:
        request = media_pb2.UseImageRequest(
            image_id=str(image_id), user_id=str(user_id), slot=_SLOTS[slot], subject=subject
        )
        try:
            image = await self._media().UseImage(request)
        except grpc.aio.AioRpcError as exc:
            raise _error(exc) from exc
        return UsedImage(
            image_id=uuid.UUID(image.image_id),
            width=image.width,
            height=image.height,
            placeholder=image.placeholder,
        )

    async def release(self, *, subject: str, slot: Slot | None = None) -> None:
        request = media_pb2.ReleaseImagesRequest(
            subject=subject, slot=_SLOTS[slot] if slot else media_pb2.PURPOSE_UNSPECIFIED
        )
        try:
            await self._media().ReleaseImages(request)
        except grpc.aio.AioRpcError as exc:
            raise _error(exc) from exc

    async def close(self) -> None:
        if self._channel is not None:
            channel, self._channel, self._stub = self._channel, None, None
            await channel.close(None)

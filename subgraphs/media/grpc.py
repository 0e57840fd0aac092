"""The internal gRPC face (protos/indefinite/media/v1/media.proto): posts and profiles check and
claim the images their users put on posts and profiles.

AppErrors raised here become statuses in common.grpc's interceptor: NotFound -> NOT_FOUND,
Forbidden -> PERMISSION_DENIED, BadUserInput -> INVALID_ARGUMENT.
"""

from __future__ import annotations

import uuid
from typing import Any

import grpc

from common.errors import BadUserInput
from common.grpc import Register
from protos.indefinite.media.v1 import media_pb2, media_pb2_grpc
from subgraphs.media.images import ImageService, parse_image_id
from subgraphs.media.models import Image, Purpose

Context = grpc.aio.ServicerContext[Any, Any]

_TO_PROTO = {
    Purpose.AVATAR: media_pb2.AVATAR,
    Purpose.COVER: media_pb2.COVER,
    Purpose.INLINE: media_pb2.INLINE,
}
_FROM_PROTO: dict[int, Purpose] = {int(value): key for key, value in _TO_PROTO.items()}


def to_message(image: Image) -> media_pb2.Image:
    return media_pb2.Image(
        image_id=str(image.id),
        owner_id=str(image.owner_id),
        purpose=_TO_PROTO[Purpose(image.purpose)],
        width=image.width or 0,
        height=image.height or 0,
        placeholder=image.placeholder or "",
    )


def _slot(value: int, *, required: bool) -> Purpose | None:
    if value in _FROM_PROTO:
        return _FROM_PROTO[value]
    if required:
        raise BadUserInput("slot is required", field="slot")
    return None


class MediaServicer(media_pb2_grpc.MediaServiceServicer):
    def __init__(self, images: ImageService) -> None:
        self.images = images

    async def UseImage(
        self, request: media_pb2.UseImageRequest, context: Context
    ) -> media_pb2.Image:
        try:
            user_id = uuid.UUID(request.user_id)
        except ValueError:
            raise BadUserInput("user_id is not a valid id", field="user_id") from None
        slot = _slot(request.slot, required=True)
        assert slot is not None
        image = await self.images.use(
            image_id=parse_image_id(request.image_id, field="imageId"),
            user_id=user_id,
            slot=slot,
            subject=request.subject,
        )
        return to_message(image)

    async def ReleaseImages(
        self, request: media_pb2.ReleaseImagesRequest, context: Context
    ) -> media_pb2.ReleaseImagesResponse:
        if not request.subject:
            raise BadUserInput("subject is required", field="subject")
        released = await self.images.release(
            subject=request.subject, slot=_slot(request.slot, required=False)
        )
        return media_pb2.ReleaseImagesResponse(released=released)


def registration(images: ImageService) -> Register:
    """The `ServiceApp.grpc` callback that adds this servicer to a server."""

    def add(server: grpc.aio.Server) -> None:
        media_pb2_grpc.add_MediaServiceServicer_to_server(  # type: ignore[no-untyped-call]
            MediaServicer(images), server
        )

    return add

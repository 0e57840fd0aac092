"""The GraphQL face of media: the `Image` entity (`@key(fields: "id")`, referenced by profiles'
`User.avatar`, posts' `Post.coverImage` and the feed's cards) and the upload mutations.

A READY image is public; a PENDING, PROCESSING or REJECTED one is seen by its owner only.
Variants of a page of images load in one query (a per-request DataLoader).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import strawberry
from strawberry.dataloader import DataLoader

from common.auth import Role, Viewer
from common.graphql import RequestContext, described_field, described_mutation, make_schema
from subgraphs.media import models
from subgraphs.media.images import ImageService, parse_image_id
from subgraphs.media.models import State

Info = strawberry.Info[RequestContext[ImageService], None]

#: The models' enums are the GraphQL enums (registered once, used as the annotations).
strawberry.enum(models.Purpose, name="ImagePurpose", description="What an image is for.")
strawberry.enum(models.State, name="ImageState", description="Where an image is in its life.")
strawberry.enum(models.Format, name="ImageFormat", description="An encoding of an image.")

#: Who may upload what: avatars are everyone's, covers and inline images are for writers.
UPLOAD_ROLE = {
    models.Purpose.AVATAR: Role.READER,
    models.Purpose.COVER: Role.WRITER,
    models.Purpose.INLINE: Role.WRITER,
}


def _image_loader(info: Info) -> DataLoader[uuid.UUID, models.Image | None]:
    loaders = info.context.loaders
    if "images" not in loaders:
        service = info.context.state

        async def load(ids: Sequence[uuid.UUID]) -> list[models.Image | None]:
            found = await service.get_many(ids)
            return [found.get(i) for i in ids]

        loaders["images"] = DataLoader(load_fn=load)
    loader: DataLoader[uuid.UUID, models.Image | None] = loaders["images"]
    return loader


def _variants_loader(info: Info) -> DataLoader[uuid.UUID, list[models.Variant]]:
    loaders = info.context.loaders
    if "variants" not in loaders:
        service = info.context.state

        async def load(ids: Sequence[uuid.UUID]) -> list[list[models.Variant]]:
            found = await service.variants_of(ids)
            return [found[i] for i in ids]

        loaders["variants"] = DataLoader(load_fn=load)
    loader: DataLoader[uuid.UUID, list[models.Variant]] = loaders["variants"]
    return loader


def visible(image: models.Image | None, viewer: Viewer | None) -> bool:
    if image is None or image.state in (State.DELETING, State.DELETED):
        return False
    return image.state == State.READY or (viewer is not None and viewer.user_id == image.owner_id)


@strawberry.type(description="One responsive copy of an image.")
class ImageVariant:
    url: str
    width: int
    height: int
    format: models.Format
    bytes: int


@strawberry.federation.type(keys=["id"], description="An uploaded image and its variants.")
class Image:
    id: strawberry.ID
    purpose: models.Purpose
    state: models.State
    reject_reason: str | None = strawberry.field(
        description="Why the upload was refused: NOT_UPLOADED, TOO_LARGE, UNSUPPORTED_FORMAT, "
        "TOO_MANY_PIXELS or CORRUPT."
    )
    width: int | None = strawberry.field(description="Pixels, upright (after EXIF rotation).")
    height: int | None
    format: models.Format | None = strawberry.field(description="The stored original's format.")
    alt: str | None
    placeholder: str | None = strawberry.field(
        description="A tiny blurred preview as a data: URI, to show while a variant loads."
    )
    created_at: dt.datetime
    row: strawberry.Private[models.Image]

    @classmethod
    def from_row(cls, row: models.Image) -> Image:
        return cls(
            id=strawberry.ID(str(row.id)),
            purpose=models.Purpose(row.purpose),
            state=models.State(row.state),
            reject_reason=row.reject_reason,
            width=row.width,
            height=row.height,
            format=models.Format(row.format) if row.format else None,
            alt=row.alt,
            placeholder=row.placeholder,
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Image | None:
        try:
            image_id = uuid.UUID(str(id))
        except ValueError:
            return None
        row = await _image_loader(info).load(image_id)
        if row is None or not visible(row, info.context.viewer):
            return None
        return cls.from_row(row)

    async def _variants(
        self, info: Info, format: models.Format | None
    ) -> list[tuple[models.Variant, str]]:
        rows = await _variants_loader(info).load(self.row.id)
        service = info.context.state
        chosen = [v for v in rows if format is None or v.format == format.value]
        return [(v, await service.variant_url(v)) for v in chosen]

    @described_field("Every variant (or those of one format), narrowest first.")
    async def variants(self, info: Info, format: models.Format | None = None) -> list[ImageVariant]:
        return [
            ImageVariant(
                url=url,
                width=v.width,
                height=v.height,
                format=models.Format(v.format),
                bytes=v.bytes,
            )
            for v, url in await self._variants(info, format)
        ]

    @described_field(
        "The variants of one format as an `<img srcset>` value (`url 320w, url 640w`); null "
        "until the image is READY."
    )
    async def srcset(self, info: Info, format: models.Format = models.Format.WEBP) -> str | None:
        chosen = await self._variants(info, format)
        return ", ".join(f"{url} {v.width}w" for v, url in chosen) or None

    @described_field(
        "The narrowest variant at least `width` pixels wide (the widest when none is), in "
        "`format` (WebP unless given): an `<img src>` fallback."
    )
    async def url(
        self, info: Info, width: int = 640, format: models.Format = models.Format.WEBP
    ) -> str | None:
        chosen = await self._variants(info, format)
        if not chosen:
            return None
        wide_enough = [(v, url) for v, url in chosen if v.width >= width]
        return (wide_enough[0] if wide_enough else chosen[-1])[1]


@strawberry.type(description="A form field of a presigned POST, sent before the file.")
class FormField:
    name: str
    value: str


@strawberry.type(
    description="Where to upload the file: POST `multipart/form-data` to `url` with every "
    "field of `fields`, then the file as the last field, named `file`; then call "
    "completeImageUpload(id)."
)
class ImageUpload:
    image: Image
    url: str
    fields: list[FormField]
    expires_at: dt.datetime


@strawberry.type
class Query:
    @described_field("An image: READY ones for everyone, others for their owner only.")
    async def image(self, info: Info, id: strawberry.ID) -> Image | None:
        row = await _image_loader(info).load(parse_image_id(id))
        return (
            Image.from_row(row) if row is not None and visible(row, info.context.viewer) else None
        )


@strawberry.type
class Mutation:
    @described_mutation(
        "Start an upload: a PENDING image and a presigned POST (10 minutes, this exact "
        "Content-Type, at most `size` bytes). RATE_LIMITED past the daily quota."
    )
    async def create_image_upload(
        self,
        info: Info,
        purpose: models.Purpose,
        content_type: str,
        size: int,
        alt: str | None = None,
    ) -> ImageUpload:
        viewer = info.context.require_viewer()
        viewer.require(UPLOAD_ROLE[purpose])
        upload = await info.context.state.create_upload(
            viewer=viewer, purpose=purpose, content_type=content_type, size=size, alt=alt
        )
        return ImageUpload(
            image=Image.from_row(upload.image),
            url=upload.post.url,
            fields=[FormField(name=k, value=v) for k, v in upload.post.fields.items()],
            expires_at=upload.image.expires_at,
        )

    @described_mutation(
        "Verify the uploaded file: the image becomes PROCESSING (variants follow, then READY) "
        "or REJECTED with a reason. UNAVAILABLE when storage is down (retry later)."
    )
    async def complete_image_upload(self, info: Info, id: strawberry.ID) -> Image:
        viewer = info.context.require_viewer()
        row = await info.context.state.complete(viewer=viewer, image_id=parse_image_id(id))
        return Image.from_row(row)

    @described_mutation("Change an image's alternative text (its owner only).")
    async def set_image_alt(self, info: Info, id: strawberry.ID, alt: str | None) -> Image:
        viewer = info.context.require_viewer()
        row = await info.context.state.set_alt(viewer=viewer, image_id=parse_image_id(id), alt=alt)
        return Image.from_row(row)


schema = make_schema(query=Query, mutation=Mutation, types=[Image])

__all__ = ["Image", "schema"]

"""Image work with Pillow, as plain blocking functions (the service runs them in a thread pool:
Pillow releases the GIL while it decodes, resizes and encodes).

`verify` never trusts what it is given: the format is sniffed from the bytes (Pillow's own
identification, restricted to the formats we serve), the pixel count is checked from the header
before anything is decoded, then the image is decoded in full (a truncated file fails here),
turned upright by its EXIF orientation, converted to sRGB, and re-encoded without any metadata
(EXIF with its GPS block, XMP, ICC, PNG text chunks: nothing is copied over).

`variants` makes the responsive copies of a verified image (never upscaled) and a tiny inline
placeholder (an LQIP data URI), with libvips (`IMAGE_LIBRARY=vips`, the default: 8.3 against
Pillow's 7.7 variants per CPU-second on a 12-MP JPEG, bench/media.py; it resizes ten times
faster, but WebP encoding, the same libwebp in both, is most of the work) or with Pillow.
libvips only ever decodes originals that `verify` re-encoded, never an upload.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from subgraphs.media.models import Format

#: What Pillow may identify an upload as; anything else is UNSUPPORTED_FORMAT.
ACCEPTED = {"JPEG": Format.JPEG, "PNG": Format.PNG, "WEBP": Format.WEBP, "GIF": Format.GIF}
ACCEPTED["AVIF"] = Format.AVIF
#: The format a verified image is stored in (GIF: its first frame as PNG; AVIF as JPEG).
STORED = {
    Format.JPEG: Format.JPEG,
    Format.PNG: Format.PNG,
    Format.WEBP: Format.WEBP,
    Format.GIF: Format.PNG,
    Format.AVIF: Format.JPEG,
}
PLACEHOLDER_WIDTH = 16
QUALITY = {Format.JPEG: 85, Format.WEBP: 80}


class RejectReason(StrEnum):
    """Why an upload was refused (`Image.rejectReason`)."""

    NOT_UPLOADED = "NOT_UPLOADED"
    TOO_LARGE = "TOO_LARGE"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"
    CORRUPT = "CORRUPT"


class Rejected(Exception):
    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)


@dataclass(frozen=True)
class Verified:
    data: bytes
    format: Format
    width: int
    height: int
    sniffed: Format


@dataclass(frozen=True)
class Encoded:
    width: int
    height: int
    format: Format
    data: bytes


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=list(ACCEPTED))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Rejected(RejectReason.TOO_MANY_PIXELS, str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise Rejected(RejectReason.UNSUPPORTED_FORMAT) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # a header Pillow cannot parse
        raise Rejected(RejectReason.CORRUPT, str(exc)) from exc


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB without an embedded profile (what browsers assume without one)."""
    alpha = _has_alpha(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.createProfile("sRGB")
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, target, outputMode=mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if alpha else "RGB")
    return image


def encode(image: Image.Image, fmt: Format, *, quality: int | None = None) -> bytes:
    """`image` in `fmt` with no metadata at all (Pillow writes only what it is passed)."""
    if fmt is Format.JPEG and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    if fmt is Format.JPEG:
        image.save(buffer, "JPEG", quality=quality or QUALITY[fmt], progressive=True)
    elif fmt is Format.WEBP:
        image.save(buffer, "WEBP", quality=quality or QUALITY[fmt], method=4)
    elif fmt is Format.PNG:
        image.save(buffer, "PNG", compress_level=6)
    else:
        raise ValueError(f"no encoder for {fmt}")
    return buffer.getvalue()


def verify(data: bytes, *, max_pixels: int) -> Verified:
    """The upload re-encoded clean, or Rejected with the reason."""
    if not data:
        raise Rejected(RejectReason.UNSUPPORTED_FORMAT, "empty file")
    image = _open(data)
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        raise Rejected(RejectReason.TOO_MANY_PIXELS, f"{width}x{height}")
    sniffed = ACCEPTED[str(image.format)]
    try:
        image.load()  # the first frame of an animation; a truncated file fails here
        upright = ImageOps.exif_transpose(image)
        clean = _to_srgb(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Rejected(RejectReason.TOO_MANY_PIXELS, str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise Rejected(RejectReason.CORRUPT, str(exc)) from exc
    stored = STORED[sniffed]
    return Verified(
        data=encode(clean, stored, quality=90 if stored is not Format.PNG else None),
        format=stored,
        width=clean.width,
        height=clean.height,
        sniffed=sniffed,
    )


def target_widths(width: int, widths: list[int]) -> list[int]:
    """The configured widths below the image's, plus the image's own width when it is below
    the largest configured one (so small images still get one variant): never upscaled."""
    targets = {w for w in widths if w < width}
    targets.add(min(width, max(widths)))
    return sorted(targets, reverse=True)


def variant_formats(fmt: Format) -> list[Format]:
    """WebP for every browser that takes it, plus the stored format as the fallback."""
    return [Format.WEBP] if fmt is Format.WEBP else [Format.WEBP, fmt]


@dataclass(frozen=True)
class Variants:
    images: list[Encoded]
    placeholder: str


def placeholder(image: Image.Image) -> str:
    """A ~200-byte blurry preview to inline while the real image loads (LQIP)."""
    height = max(1, round(image.height * PLACEHOLDER_WIDTH / image.width))
    tiny = image.resize((PLACEHOLDER_WIDTH, height), Image.Resampling.BOX)
    data = encode(tiny, Format.WEBP, quality=30)
    return "data:image/webp;base64," + base64.b64encode(data).decode()


def variants(data: bytes, fmt: Format, widths: list[int], *, library: str = "vips") -> Variants:
    """Every variant of a verified image (stored as `fmt`) at `widths`."""
    if library == "vips":
        return _vips_variants(data, fmt, widths)
    return _pillow_variants(data, fmt, widths)


def _vips_variants(data: bytes, fmt: Format, widths: list[int]) -> Variants:
    import pyvips

    header = pyvips.Image.new_from_buffer(data, "")
    targets = target_widths(header.width, widths)
    # shrink-on-load to the widest target, held in memory: every narrower one resizes from it
    largest = pyvips.Image.thumbnail_buffer(data, targets[0], size="down").copy_memory()
    out: list[Encoded] = []
    source = largest
    for width in targets:
        if source.width != width:
            source = source.resize(width / source.width).copy_memory()
        for variant_format in variant_formats(fmt):
            out.append(
                Encoded(
                    source.width,
                    source.height,
                    variant_format,
                    _vips_encode(source, variant_format),
                )
            )
    tiny = source.resize(PLACEHOLDER_WIDTH / source.width)
    preview = base64.b64encode(_vips_encode(tiny, Format.WEBP, quality=30)).decode()
    return Variants(images=out, placeholder="data:image/webp;base64," + preview)


def _vips_encode(image: Any, fmt: Format, *, quality: int | None = None) -> bytes:
    if fmt is Format.WEBP:
        data = image.webpsave_buffer(Q=quality or QUALITY[fmt], effort=4, keep="none")
    elif fmt is Format.JPEG:
        if image.hasalpha():
            image = image.flatten()
        data = image.jpegsave_buffer(Q=quality or QUALITY[fmt], interlace=True, keep="none")
    elif fmt is Format.PNG:
        data = image.pngsave_buffer(compression=6, keep="none")
    else:
        raise ValueError(f"no encoder for {fmt}")
    return bytes(data)


def _pillow_variants(data: bytes, fmt: Format, widths: list[int]) -> Variants:
    image: Image.Image = Image.open(io.BytesIO(data))
    targets = target_widths(image.width, widths)
    if isinstance(image, ImageFile.ImageFile) and image.format == "JPEG":
        # decode at the smallest DCT scale that still covers the widest target
        scale = targets[0] / image.width
        image.draft(image.mode, (round(image.width * scale), round(image.height * scale)))
    image.load()
    full_width, full_height = image.size
    out: list[Encoded] = []
    source = image
    for width in targets:
        height = max(1, round(full_height * width / full_width))
        if source.width != width:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for variant_format in variant_formats(fmt):
            out.append(Encoded(width, height, variant_format, encode(source, variant_format)))
    return Variants(images=out, placeholder=placeholder(source))

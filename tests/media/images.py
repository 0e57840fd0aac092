"""Test images made here (no binary fixtures): a JPEG with GPS EXIF and a rotation, PNGs, a
truncated file, and a 30000x30000 PNG whose header alone is enough to refuse it."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image

GPS = {1: "N", 2: (52.0, 22.0, 5.5), 3: "E", 4: (4.0, 53.0, 1.0)}
ROTATE_90_CW = 6  # EXIF orientation: the stored pixels must be turned 90 degrees clockwise


def gradient(width: int, height: int) -> Image.Image:
    red = Image.linear_gradient("L").resize((width, height))
    blue = red.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return Image.merge("RGB", (red, Image.new("L", (width, height), 90), blue))


def jpeg_with_gps(width: int = 1600, height: int = 1200) -> bytes:
    """A JPEG whose EXIF holds GPS coordinates, a camera make and orientation 6."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = ROTATE_90_CW
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    gradient(width, height).save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def png(width: int = 800, height: int = 500, *, alpha: bool = False) -> bytes:
    image = gradient(width, height)
    if alpha:
        image.putalpha(200)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg_with_gps(1200, 900)
    return data[: len(data) // 2]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid-looking PNG of width x height grey pixels: a few rows of zeros compressed, the
    rest missing. Its header alone says 900 megapixels; decoding it would take 900 MB."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def exif_of(data: bytes) -> Image.Exif:
    return Image.open(io.BytesIO(data)).getexif()

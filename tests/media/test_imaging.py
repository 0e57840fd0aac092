"""Unit tests of the pure image functions (no services): both libraries make the same variants,
never upscaled, without metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from subgraphs.media import imaging
from subgraphs.media.imaging import Rejected, RejectReason
from subgraphs.media.models import Format
from tests.media import images


@pytest.mark.parametrize("library", ["vips", "pillow"])
def test_both_libraries_make_the_same_variants(library: str) -> None:
    verified = imaging.verify(images.jpeg_with_gps(1000, 700), max_pixels=10**8)
    made = imaging.variants(verified.data, verified.format, [320, 640, 1280], library=library)
    assert [(v.width, v.height, v.format) for v in made.images] == [
        (700, 1000, Format.WEBP),
        (700, 1000, Format.JPEG),
        (640, 914, Format.WEBP),
        (640, 914, Format.JPEG),
        (320, 457, Format.WEBP),
        (320, 457, Format.JPEG),
    ]
    for variant in made.images:
        decoded = Image.open(io.BytesIO(variant.data))
        assert decoded.format == variant.format.value
        assert abs(decoded.height - variant.height) <= 1
        assert len(decoded.getexif()) == 0
    assert made.placeholder.startswith("data:image/webp;base64,")
    assert len(made.placeholder) < 1000


def test_the_pixel_limit_applies_before_decoding() -> None:
    with pytest.raises(Rejected) as refused:
        imaging.verify(images.png(400, 300), max_pixels=400 * 300 - 1)
    assert refused.value.reason is RejectReason.TOO_MANY_PIXELS


def test_target_widths_never_upscale() -> None:
    assert imaging.target_widths(5000, [320, 640]) == [640, 320]
    assert imaging.target_widths(500, [320, 640, 1280]) == [500, 320]
    assert imaging.target_widths(100, [320, 640]) == [100]

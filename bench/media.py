"""Media: image work per core and upload-complete-to-READY latency (prints figures).

    .venv/bin/python -m bench.media [--rounds 5] [--uploads 15] [--megapixels 12]

1. Variants per second per core: one 12-megapixel JPEG (made here: a noisy gradient, ~3 MB at
   quality 90) turned into the service's variants (320/640/1280/2048 wide, WebP + JPEG, and the
   placeholder) on ONE thread by `subgraphs.media.imaging.variants` with each library:
   Pillow and libvips (pyvips, one libvips thread). Also the completion's own work
   (`imaging.verify`, Pillow: decode, orient, strip, re-encode) per image.
2. Upload-complete to READY: the real service (moto's S3 server, tansu, PostgreSQL) and
   `--uploads` JPEGs uploaded through presigned POSTs one after another; for each, the time
   completeImageUpload took, and the time from its answer to the image being READY (polled
   every 10 ms through GraphQL). p50 and p99 (max, for so few) of both.

Needs the PostgreSQL at TEST_DATABASE_URL; everything else starts here.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import time
from collections.abc import Callable

import pyvips
from PIL import Image

from common.auth import Role
from common.logging import configure_logging
from subgraphs.media import imaging
from subgraphs.media.models import Format
from tests.media.support import COMPLETE, IMAGE, media_service
from tests.support.tokens import SigningKeys

WIDTHS = [320, 640, 1280, 2048]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def make_jpeg(megapixels: float) -> bytes:
    width = round((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = round(width * 3 / 4)
    noise = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    gradient = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (Image.blend(noise, gradient, 0.5), gradient, noise))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def pillow_variants(data: bytes) -> int:
    return len(imaging.variants(data, Format.JPEG, WIDTHS, library="pillow").images)


def vips_variants(data: bytes) -> int:
    return len(imaging.variants(data, Format.JPEG, WIDTHS, library="vips").images)


def cpu_seconds(work: Callable[[bytes], int], data: bytes) -> tuple[float, int]:
    """CPU time of the whole process (every thread) for one image: variants per CPU-second
    is variants per second per core, and it holds on a machine others are loading too."""
    started = time.process_time()
    made = work(data)
    return time.process_time() - started, made


def variants_per_core(data: bytes, rounds: int) -> None:
    print(
        f"1. variants of one {len(data) / 1e6:.1f} MB 12-MP JPEG, one thread each, CPU time "
        f"(median of {rounds} interleaved rounds)"
    )
    pyvips.cache_set_max(0)
    pyvips.concurrency_set(1)
    libraries = {"pillow": pillow_variants, "libvips": vips_variants}
    times: dict[str, list[float]] = {name: [] for name in libraries}
    made: dict[str, int] = {}
    for work in libraries.values():
        work(data)  # warm up
    for _ in range(rounds):
        for name, work in libraries.items():
            seconds, made[name] = cpu_seconds(work, data)
            times[name].append(seconds)
    rates = {}
    for name, values in times.items():
        per_image = statistics.median(values)
        rates[name] = made[name] / per_image
        print(
            f"  {name:<8} {rates[name]:6.2f} variants/s/core   {per_image * 1000:7.0f} ms CPU "
            f"per image ({made[name]} variants)"
        )
    faster = max(rates, key=lambda name: rates[name])
    print(f"  faster: {faster}, x{max(rates.values()) / min(rates.values()):.2f}")
    verify = [
        cpu_seconds(lambda d: len(imaging.verify(d, max_pixels=50_000_000).data), data)[0]
        for _ in range(rounds)
    ]
    print(
        "  verify (completion: decode, orient, strip, re-encode; Pillow) "
        f"{statistics.median(verify) * 1000:.0f} ms CPU per image"
    )


async def upload_to_ready(data: bytes, uploads: int) -> None:
    print(
        f"2. upload-complete -> READY, {uploads} uploads one after another (real service; "
        "one warm-up upload first: the consumer's group join is not counted)"
    )
    async with media_service(SigningKeys()) as media:
        writer = media.user(Role.WRITER)
        await media.wait_ready((await media.upload(writer, data))["id"], writer, within=60)
        completing: list[float] = []
        to_ready: list[float] = []
        for _ in range(uploads):
            upload = await media.create(writer, size=len(data))
            await media.post_file(upload, data, filename="photo.jpg", content_type="image/jpeg")
            image_id = upload["image"]["id"]
            started = time.perf_counter()
            await media.data(COMPLETE, {"id": image_id}, user=writer)
            answered = time.perf_counter()
            while True:
                body = await media.data(IMAGE, {"id": image_id}, user=writer)
                if body["image"]["state"] == "READY":
                    break
                await asyncio.sleep(0.01)
            completing.append(answered - started)
            to_ready.append(time.perf_counter() - answered)
    for name, values in (("completeImageUpload", completing), ("complete -> READY", to_ready)):
        print(
            f"  {name:<20} p50 {statistics.median(values) * 1000:6.0f} ms"
            f"   p99 {percentile(values, 0.99) * 1000:6.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--uploads", type=int, default=15)
    parser.add_argument("--megapixels", type=float, default=12.0)
    args = parser.parse_args()
    configure_logging("bench", level="WARNING", json=False)
    data = make_jpeg(args.megapixels)
    variants_per_core(data, args.rounds)
    if args.uploads:
        asyncio.run(upload_to_ready(data, args.uploads))


if __name__ == "__main__":
    main()

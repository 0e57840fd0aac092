"""Settings of the media service (the shared ones live in common.settings)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from common.settings import ServiceSettings

DEV_S3_SECRET = "testing"  # moto accepts any credentials; refused in production


class Settings(ServiceSettings):
    service_name: str = "media"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/media"

    #: S3_ENDPOINT_URL: S3-compatible endpoint (MinIO, moto); empty means AWS S3.
    s3_endpoint_url: str = ""
    #: S3_BUCKET / S3_REGION
    s3_bucket: str = "indefinite-media"
    s3_region: str = "us-east-1"
    #: S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (empty: the default AWS credential chain)
    s3_access_key_id: str = DEV_S3_SECRET
    s3_secret_access_key: str = DEV_S3_SECRET
    #: S3_FORCE_PATH_STYLE: `endpoint/bucket/key` URLs (MinIO, moto) instead of virtual hosts.
    s3_force_path_style: bool = False
    #: S3_PUBLIC_BASE_URL: where readers fetch variants (bucket website or CDN, ending before
    #: the key); empty: presigned GET URLs (private bucket).
    s3_public_base_url: str = ""
    #: S3_PRESIGNED_GET_SECONDS: lifetime of presigned GET URLs (private buckets).
    s3_presigned_get_seconds: int = 3600
    #: S3_CONNECT_TIMEOUT_SECONDS / S3_READ_TIMEOUT_SECONDS / S3_MAX_ATTEMPTS: every S3 call is
    #: bounded; when they run out the request fails UNAVAILABLE and nothing is changed.
    s3_connect_timeout_seconds: float = 3.0
    s3_read_timeout_seconds: float = 15.0
    s3_max_attempts: int = 2

    #: UPLOAD_URL_SECONDS: lifetime of a presigned POST (and of a PENDING image).
    upload_url_seconds: int = 600
    #: UPLOAD_MAX_BYTES: the largest file accepted.
    upload_max_bytes: int = 20 * 1024 * 1024
    #: IMAGE_MAX_PIXELS: width x height refused before decoding (decompression bombs).
    image_max_pixels: int = 50_000_000
    #: VARIANT_WIDTHS / AVATAR_VARIANT_WIDTHS: responsive widths (never upscaled).
    variant_widths: list[int] = Field(default_factory=lambda: [320, 640, 1280, 2048])
    avatar_variant_widths: list[int] = Field(default_factory=lambda: [64, 128, 256, 512])
    #: IMAGE_WORKERS: threads for image work (decode, resize, encode release the GIL).
    image_workers: int = 2
    #: IMAGE_LIBRARY: what writes the variants: "vips" (libvips, faster) or "pillow".
    image_library: Literal["vips", "pillow"] = "vips"

    #: UPLOADS_PER_DAY / UPLOAD_BYTES_PER_DAY: per-user quotas by role (JSON objects).
    uploads_per_day: dict[str, int] = Field(
        default_factory=lambda: {"READER": 20, "WRITER": 200, "MODERATOR": 200, "OWNER": 1000}
    )
    upload_bytes_per_day: dict[str, int] = Field(
        default_factory=lambda: {
            "READER": 50 * 1024 * 1024,
            "WRITER": 1024 * 1024 * 1024,
            "MODERATOR": 1024 * 1024 * 1024,
            "OWNER": 4 * 1024 * 1024 * 1024,
        }
    )
    #: UPLOADS_PER_MINUTE: rate limit on createImageUpload per user.
    uploads_per_minute: int = 20

    #: ORPHAN_GRACE_SECONDS: a READY image never attached is deleted after this long.
    orphan_grace_seconds: int = 86_400
    #: GC_INTERVAL_SECONDS: how often the service collects orphans (0: only `gc` runs it).
    gc_interval_seconds: int = 3600
    #: MEDIA_CONSUMER_GROUP / MEDIA_CONSUME: the Kafka consumer (variant worker, deletions).
    media_consumer_group: str = "media"
    media_consume: bool = True
    #: KAFKA_FETCH_MAX_WAIT_MS: how long a fetch waits on the broker (upload-to-READY floor).
    kafka_fetch_max_wait_ms: int = 100

    @model_validator(mode="after")
    def _no_dev_secrets_in_production(self) -> Settings:
        if self.is_production and DEV_S3_SECRET in (
            self.s3_access_key_id,
            self.s3_secret_access_key,
        ):
            raise ValueError("set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (or empty for IAM)")
        return self

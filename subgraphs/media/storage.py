"""The bucket, through aiobotocore's async S3 client: AWS S3, MinIO or moto's server alike.

Every call is bounded (connect/read timeouts, a small retry budget); when S3 does not answer the
call raises `Unavailable` (UNAVAILABLE to clients), so a request either did its S3 work or left
things as they were. Reading objects is capped: `get` refuses to read past `max_bytes`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from common.errors import Unavailable
from common.logging import get_logger
from subgraphs.media.settings import Settings

if TYPE_CHECKING:
    from types_aiobotocore_s3 import S3Client

log = get_logger(__name__)
T = TypeVar("T")
MISSING = {"404", "NoSuchKey", "NotFound"}
DELETE_BATCH = 1000
READ_CHUNK = 1 << 16


class TooLarge(Exception):
    """The object holds more than the caller would read."""


@dataclass(frozen=True)
class PresignedPost:
    url: str
    fields: dict[str, str]


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    last_modified: dt.datetime


class Storage:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bucket = settings.s3_bucket
        self._stack = contextlib.AsyncExitStack()
        self._client: S3Client | None = None

    async def start(self) -> None:
        s = self.settings
        config = AioConfig(
            connect_timeout=s.s3_connect_timeout_seconds,
            read_timeout=s.s3_read_timeout_seconds,
            retries={"max_attempts": s.s3_max_attempts, "mode": "standard"},
            s3={"addressing_style": "path" if s.s3_force_path_style else "auto"},
            signature_version="s3v4",
        )
        credentials: dict[str, Any] = {}
        if s.s3_access_key_id:
            credentials = {
                "aws_access_key_id": s.s3_access_key_id,
                "aws_secret_access_key": s.s3_secret_access_key,
            }
        self._client = await self._stack.enter_async_context(
            get_session().create_client(
                "s3",
                region_name=s.s3_region,
                endpoint_url=s.s3_endpoint_url or None,
                config=config,
                **credentials,
            )
        )

    async def close(self) -> None:
        self._client = None
        await self._stack.aclose()

    @property
    def client(self) -> S3Client:
        if self._client is None:
            raise RuntimeError("Storage.start() was not awaited")
        return self._client

    async def _call(self, what: str, call: Awaitable[T]) -> T:
        try:
            return await call
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status >= 500:
                raise self._unavailable(what, exc) from exc
            raise
        except (BotoCoreError, aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise self._unavailable(what, exc) from exc

    @staticmethod
    def _unavailable(what: str, exc: Exception) -> Unavailable:
        log.warning("S3 call failed", call=what, error=repr(exc))
        return Unavailable("Image storage is unavailable, try again later")

    # -- uploads ---------------------------------------------------------------------------

    async def presigned_post(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int
    ) -> PresignedPost:
        """A form the browser posts the file with: only to `key`, only with this Content-Type,
        at most `max_bytes`, until `expires_in` seconds from now (computed locally, no call)."""
        post = await self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=expires_in,
        )
        return PresignedPost(
            url=str(post["url"]), fields={k: str(v) for k, v in post["fields"].items()}
        )

    # -- objects ---------------------------------------------------------------------------

    async def size(self, key: str) -> int | None:
        """The object's size, None when there is none."""
        try:
            head = await self._call(
                "head_object", self.client.head_object(Bucket=self.bucket, Key=key)
            )
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in MISSING:
                return None
            raise
        return int(head["ContentLength"])

    async def get(self, key: str, *, max_bytes: int) -> bytes | None:
        """The object's bytes (None when missing); TooLarge past `max_bytes`."""
        try:
            response = await self._call(
                "get_object", self.client.get_object(Bucket=self.bucket, Key=key)
            )
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in MISSING:
                return None
            raise
        if int(response["ContentLength"]) > max_bytes:
            response["Body"].close()
            raise TooLarge(key)
        chunks: list[bytes] = []
        total = 0
        async with response["Body"] as body:
            while chunk := await self._call("read", body.read(READ_CHUNK)):
                total += len(chunk)
                if total > max_bytes:
                    raise TooLarge(key)
                chunks.append(chunk)
        return b"".join(chunks)

    async def put(self, key: str, data: bytes, *, content_type: str, cache_control: str) -> None:
        await self._call(
            "put_object",
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=data,
                ContentType=content_type,
                CacheControl=cache_control,
            ),
        )

    async def delete(self, keys: Sequence[str]) -> None:
        """Delete the keys (missing ones are fine), a thousand per request."""
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            result = await self._call(
                "delete_objects",
                self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True},
                ),
            )
            if errors := result.get("Errors"):
                log.warning("S3 delete left objects", errors=errors[:5])
                raise Unavailable("Image storage did not delete every object")

    async def list(self, prefix: str) -> AsyncIterator[StoredObject]:
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(Bucket=self.bucket, Prefix=prefix)
        iterator = pages.__aiter__()
        while True:
            try:
                page = await self._call("list_objects_v2", iterator.__anext__())
            except StopAsyncIteration:
                return
            for item in page.get("Contents", []):
                yield StoredObject(
                    key=str(item["Key"]),
                    size=int(item.get("Size", 0)),
                    last_modified=item["LastModified"],
                )

    async def delete_prefix(self, prefix: str) -> int:
        keys = [o.key async for o in self.list(prefix)]
        await self.delete(keys)
        return len(keys)

    # -- reading ---------------------------------------------------------------------------

    async def url(self, key: str) -> str:
        """Where a reader fetches `key`: under the public base, else a presigned GET."""
        base = self.settings.s3_public_base_url
        if base:
            return f"{base.rstrip('/')}/{key}"
        return await self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key},
            ExpiresIn=self.settings.s3_presigned_get_seconds,
        )

    async def ping(self) -> None:
        await self._call("head_bucket", self.client.head_bucket(Bucket=self.bucket))

    async def ensure_bucket(self, *, cors_origins: Sequence[str] = ()) -> None:
        """Create the bucket when missing and allow browser POSTs from `cors_origins` (what
        `make dev` and the tests need; production buckets are made by their operators)."""
        try:
            await self._call("head_bucket", self.client.head_bucket(Bucket=self.bucket))
        except ClientError:
            await self._call("create_bucket", self.client.create_bucket(Bucket=self.bucket))
        if cors_origins:
            await self._call(
                "put_bucket_cors",
                self.client.put_bucket_cors(
                    Bucket=self.bucket,
                    CORSConfiguration={
                        "CORSRules": [
                            {
                                "AllowedOrigins": list(cors_origins),
                                "AllowedMethods": ["GET", "POST", "HEAD"],
                                "AllowedHeaders": ["*"],
                                "MaxAgeSeconds": 3600,
                            }
                        ]
                    },
                ),
            )

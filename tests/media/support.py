"""A running media service for tests: moto's S3 server, tansu, a fresh PostgreSQL database, and
helpers that upload through the presigned POST with an HTTP client, as a browser would."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from common.auth import Role
from common.db import drop_database
from common.service import RunningService, running
from subgraphs.media.app import Media, create_app
from subgraphs.media.settings import Settings
from tests.support.kafka import TansuBroker, tansu
from tests.support.polling import eventually
from tests.support.s3 import MotoServer, moto_s3
from tests.support.stores import fresh_database_url
from tests.support.tokens import SigningKeys

IMAGE_FIELDS = """
  id state purpose rejectReason width height format alt placeholder
  variants { url width height format bytes }
"""
CREATE = """
mutation Create($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {
  createImageUpload(purpose: $purpose, contentType: $contentType, size: $size, alt: $alt) {
    url fields { name value } expiresAt image { id state }
  }
}"""
COMPLETE = f"mutation Complete($id: ID!) {{ completeImageUpload(id: $id) {{ {IMAGE_FIELDS} }} }}"
IMAGE = f"query Image($id: ID!) {{ image(id: $id) {{ {IMAGE_FIELDS} srcset }} }}"


@dataclass
class User:
    id: uuid.UUID
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class MediaUnderTest:
    service: RunningService
    settings: Settings
    s3: MotoServer
    broker: TansuBroker
    keys: SigningKeys
    http: httpx.AsyncClient
    #: A second set of the service's parts (storage, collector) for looking behind its back.
    media: Media

    def user(self, role: Role = Role.WRITER) -> User:
        user_id = uuid.uuid4()
        return User(user_id, role, self.keys.mint(user_id=user_id, role=role))

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, user: User | None = None
    ) -> dict[str, Any]:
        response = await self.http.post(
            self.service.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers=user.headers if user else {},
        )
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, user: User | None = None
    ) -> dict[str, Any]:
        body = await self.gql(query, variables, user=user)
        assert not body.get("errors"), body
        result: dict[str, Any] = body["data"]
        return result

    async def create(
        self,
        user: User,
        *,
        size: int,
        content_type: str = "image/jpeg",
        purpose: str = "COVER",
        alt: str | None = None,
    ) -> dict[str, Any]:
        data = await self.data(
            CREATE,
            {"purpose": purpose, "contentType": content_type, "size": size, "alt": alt},
            user=user,
        )
        upload: dict[str, Any] = data["createImageUpload"]
        return upload

    async def post_file(
        self, upload: dict[str, Any], data: bytes, *, filename: str, content_type: str
    ) -> httpx.Response:
        """What a browser does with the presigned POST: the form fields, then the file."""
        fields = {f["name"]: f["value"] for f in upload["fields"]}
        return await self.http.post(
            upload["url"], data=fields, files={"file": (filename, data, content_type)}
        )

    async def upload(
        self,
        user: User,
        data: bytes,
        *,
        filename: str = "photo.jpg",
        content_type: str = "image/jpeg",
        purpose: str = "COVER",
        declared_size: int | None = None,
    ) -> dict[str, Any]:
        """createImageUpload, the POST to S3, completeImageUpload: the completed image."""
        upload = await self.create(
            user, size=declared_size or len(data), content_type=content_type, purpose=purpose
        )
        response = await self.post_file(upload, data, filename=filename, content_type=content_type)
        assert response.status_code in (200, 201, 204), response.text
        done = await self.data(COMPLETE, {"id": upload["image"]["id"]}, user=user)
        image: dict[str, Any] = done["completeImageUpload"]
        return image

    async def image(self, image_id: str, *, user: User | None = None) -> dict[str, Any] | None:
        data = await self.data(IMAGE, {"id": image_id}, user=user)
        image: dict[str, Any] | None = data["image"]
        return image

    async def wait_ready(self, image_id: str, user: User, within: float = 30.0) -> dict[str, Any]:
        async def ready() -> dict[str, Any] | None:
            image = await self.image(image_id, user=user)
            assert image is not None
            return image if image["state"] == "READY" else None

        found: dict[str, Any] = await eventually(
            ready, within=within, interval=0.1, what=f"image {image_id} READY"
        )
        return found

    async def keys_under(self, prefix: str) -> list[str]:
        return [o.key async for o in self.media.storage.list(prefix)]

    async def keys_of(self, image_id: str, owner: User) -> list[str]:
        """Every object of the image, its raw upload included."""
        return [
            *await self.keys_under(f"images/{image_id}/"),
            *await self.keys_under(f"uploads/{owner.id}/{image_id}"),
        ]


def test_settings(
    *, database_url: str, s3_endpoint: str, bucket: str, kafka: str, **overrides: Any
) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "log_json": False,
        "database_url": database_url,
        "s3_endpoint_url": s3_endpoint,
        "s3_bucket": bucket,
        "s3_force_path_style": True,
        "s3_public_base_url": f"{s3_endpoint}/{bucket}",
        "s3_connect_timeout_seconds": 1.0,
        "s3_read_timeout_seconds": 2.0,
        "s3_max_attempts": 1,
        "kafka_bootstrap_servers": kafka,
        "kafka_fetch_max_wait_ms": 10,
        "gc_interval_seconds": 0,
        "uploads_per_day": {"READER": 3, "WRITER": 500, "MODERATOR": 500, "OWNER": 500},
        "uploads_per_minute": 500,
        **overrides,
    }
    return Settings(**values)


@contextlib.asynccontextmanager
async def media_service(keys: SigningKeys) -> AsyncIterator[MediaUnderTest]:
    database_url = fresh_database_url("media")
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    async with moto_s3() as s3, tansu() as broker:
        await s3.bucket(bucket)
        settings = test_settings(
            database_url=database_url,
            s3_endpoint=s3.endpoint,
            bucket=bucket,
            kafka=broker.bootstrap,
        )
        behind = Media.create(settings)
        try:
            async with (
                running(create_app(settings, verifier=keys.verifier()), free_ports=True) as service,
                httpx.AsyncClient(timeout=30.0, trust_env=False) as http,
            ):
                await behind.open()
                yield MediaUnderTest(service, settings, s3, broker, keys, http, behind)
        finally:
            await behind.close()
            await drop_database(database_url)

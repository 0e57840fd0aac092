"""Every producer's payloads validate against the contract of their topic (common/contracts/),
and their event types are the ones the contract declares: each service runs for real and its
outbox rows are read back (media's payload builders are fed model rows: its events need S3)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from common.auth import Role
from common.contracts import auth, media, posts, profiles, profiles_phone
from common.contracts.topic import Topic
from common.db import Database
from common.grpc import client_channel
from protos.indefinite.profiles.v1 import profiles_pb2_grpc
from subgraphs.auth.models import outbox as auth_outbox
from subgraphs.media import events as media_events
from subgraphs.media.models import Image, Variant
from tests.auth.support import auth_service
from tests.posts.conftest import MODERATOR, OWNER, READER, WRITER, start_posts
from tests.profiles.support import create_profile, gql, outbox_events, profiles_service
from tests.support.tokens import SigningKeys

CONTRACTS: dict[str, tuple[Topic[Any], frozenset[str]]] = {
    posts.POST.name: (posts.POST, frozenset(posts.PostEvent)),
    posts.COMMENT.name: (posts.COMMENT, frozenset(posts.CommentEvent)),
    posts.TAG.name: (posts.TAG, frozenset(posts.TagEvent)),
    profiles.USER.name: (profiles.USER, frozenset(profiles.ProfileEvent)),
    profiles_phone.PHONE.name: (profiles_phone.PHONE, frozenset(profiles_phone.PhoneEvent)),
    auth.USER.name: (auth.USER, frozenset(auth.UserEvent)),
    auth.EMAIL.name: (auth.EMAIL, frozenset({auth.EMAIL_REQUESTED})),
    media.IMAGE.name: (media.IMAGE, frozenset(media.ImageEvent)),
}


def check(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Validate each row; returns the (topic, type) pairs seen."""
    seen = set()
    for row in rows:
        topic, types = CONTRACTS[row["topic"]]
        assert row["type"] in types, row
        parsed = topic.parse(row["payload"])
        # what the producer wrote is what the contract says, field for field
        assert topic.dump(parsed) == row["payload"], row
        seen.add((row["topic"], row["type"]))
    return seen


async def test_posts_payloads_match_their_contracts() -> None:
    async with start_posts() as service:
        tag = await service.create_tag(f"contract-{uuid.uuid4().hex[:6]}")
        post = await service.create_post(WRITER, topic="Contracts", tag_ids=[tag["id"]])
        await service.data(
            'mutation($id: ID!) { updatePost(id: $id, input: {text: "x", tagIds: []}) { id } }',
            {"id": post["id"]},
            as_=WRITER,
        )
        await service.set_state(post["id"], "PUBLISHED", as_=MODERATOR)
        root = await service.add_comment(post["id"], as_=WRITER)
        reply = await service.add_comment(post["id"], as_=READER, parent_id=root["id"])
        await service.set_comment_state(post["id"], reply["id"], "PUBLISHED")
        await service.data(
            'mutation($id: ID!) { renameTag(id: $id, name: "contract-renamed") { id } }',
            {"id": tag["id"]},
            as_=OWNER,
        )
        await service.data(
            "mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER
        )
        rows = await service.outbox_rows()
    seen = check(rows)
    assert {t for _, t in seen} >= {
        "PostCreated",
        "PostUpdated",
        "PostTagsChanged",
        "PostStateChanged",
        "PostDeleted",
        "CommentAdded",
        "CommentStateChanged",
        "TagCreated",
        "TagRenamed",
    }
    published = next(r for r in rows if r["type"] == "CommentStateChanged")["payload"]
    assert published["post_author_id"] == WRITER.id
    assert published["parent_author_id"] == WRITER.id
    assert published["actor_id"] is not None


async def test_profiles_payloads_match_their_contract() -> None:
    keys = SigningKeys()
    async with profiles_service(keys) as service:
        async with client_channel(service.service.grpc_target) as channel:
            stub: Any = profiles_pb2_grpc.ProfilesServiceStub(channel)  # type: ignore[no-untyped-call]
            made = await create_profile(stub)
        token = keys.mint(user_id=uuid.UUID(made.user_id), role=Role.READER)
        body = await gql(
            service, 'mutation { setPhoneNumber(phone: "+14155550132") { id } }', token=token
        )
        assert "errors" not in body, body
        rows = await outbox_events(service, made.user_id)
    assert check(rows) == {
        (profiles.USER.name, "ProfileCreated"),
        (profiles_phone.PHONE.name, "PhoneVerificationRequested"),
    }


async def test_auth_payloads_match_their_contracts() -> None:
    keys = SigningKeys()
    async with (
        profiles_service(keys) as running_profiles,
        auth_service(running_profiles.service.grpc_target) as service,
    ):
        await service.confirmed()
        db = Database(service.settings.database_url, pool_size=1)
        try:
            async with db.session() as session:
                rows = [
                    dict(r._mapping) for r in (await session.execute(select(auth_outbox))).all()
                ]
        finally:
            await db.close()
    assert check(rows) >= {
        (auth.USER.name, "UserRegistered"),
        (auth.USER.name, "UserConfirmed"),
        (auth.EMAIL.name, "EmailRequested"),
    }


def test_media_payloads_match_their_contract() -> None:
    now = dt.datetime.now(dt.UTC)
    image = Image(
        id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        purpose="COVER",
        state="READY",
        format="JPEG",
        width=10,
        height=8,
        placeholder="data:",
        reject_reason="not_an_image",
        created_at=now,
        updated_at=now,
        expires_at=now,
    )
    variant = Variant(image_id=image.id, width=10, format="WEBP", height=8, bytes=5, key="k")
    rows = [
        {"topic": media_events.IMAGE_TOPIC, "type": type, "payload": payload}
        for type, payload in (
            (media_events.IMAGE_UPLOADED, media_events.image_payload(image)),
            (media_events.IMAGE_READY, media_events.ready_payload(image, [variant])),
            (media_events.IMAGE_REJECTED, media_events.rejected_payload(image)),
            (media_events.IMAGE_DELETED, media_events.deleted_payload(image)),
        )
    ]
    assert len(check(rows)) == 4

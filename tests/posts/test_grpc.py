"""The internal gRPC contract against the running service: GetPost, GetComment, ListTags and the
StreamPosts replay (in small batches here, so paging through the table is exercised)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from common.grpc import app_error_from_rpc, client_channel
from protos.indefinite.posts.v1 import posts_pb2, posts_pb2_grpc
from tests.posts.conftest import MODERATOR, OTHER, READER, WRITER, Posts, start_posts


@pytest.fixture(scope="module")
async def small_batches() -> AsyncIterator[Posts]:
    async with start_posts(stream_posts_batch=2) as service:
        yield service


@pytest.fixture(scope="module")
async def stub(small_batches: Posts) -> AsyncIterator[posts_pb2_grpc.PostsServiceStub]:
    async with client_channel(small_batches.service.grpc_target) as channel:
        yield posts_pb2_grpc.PostsServiceStub(channel)  # type: ignore[no-untyped-call]


async def rpc_code(call: object) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call  # type: ignore[misc]
    return info.value.code()


async def test_get_post_round_trip(
    small_batches: Posts, stub: posts_pb2_grpc.PostsServiceStub
) -> None:
    posts = small_batches
    tag = await posts.create_tag("grpc-tag")
    made = await posts.create_post(
        WRITER, topic="Over gRPC", text="full text", preview="pv", tag_ids=[tag["id"]]
    )
    reply: posts_pb2.Post = await stub.GetPost(posts_pb2.GetPostRequest(id=made["id"]))
    assert reply.id == made["id"]
    assert reply.author_id == WRITER.id
    assert (reply.topic, reply.text, reply.preview_text) == ("Over gRPC", "full text", "pv")
    assert reply.slug == made["slug"]
    assert reply.state == "NEW"  # internal callers get drafts, with their state
    assert [(t.id, t.name) for t in reply.tags] == [(int(tag["id"]), "grpc-tag")]
    assert not reply.HasField("published_at")
    assert reply.created_at.ToDatetime(dt.UTC) == dt.datetime.fromisoformat(made["createdAt"])
    published = await posts.set_state(made["id"], "PUBLISHED", as_=MODERATOR)
    reply = await stub.GetPost(posts_pb2.GetPostRequest(id=made["id"]))
    assert reply.published_at.ToDatetime(dt.UTC) == dt.datetime.fromisoformat(
        published["publishedAt"]
    )


async def test_get_post_errors(small_batches: Posts, stub: posts_pb2_grpc.PostsServiceStub) -> None:
    unknown = str(uuid.uuid4())
    assert await rpc_code(stub.GetPost(posts_pb2.GetPostRequest(id=unknown))) == (
        grpc.StatusCode.NOT_FOUND
    )
    assert await rpc_code(stub.GetPost(posts_pb2.GetPostRequest(id="nope"))) == (
        grpc.StatusCode.INVALID_ARGUMENT
    )
    post = await small_batches.published(WRITER)
    await small_batches.data(
        "mutation($id: ID!) { deletePost(id: $id) }", {"id": post["id"]}, as_=WRITER
    )
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await stub.GetPost(posts_pb2.GetPostRequest(id=post["id"]))
    assert app_error_from_rpc(info.value).code.value == "NOT_FOUND"


async def test_get_comment(small_batches: Posts, stub: posts_pb2_grpc.PostsServiceStub) -> None:
    posts = small_batches
    post = await posts.published(WRITER)
    root = await posts.add_comment(post["id"], as_=WRITER, text="root")
    reply = await posts.add_comment(post["id"], as_=READER, text="re", parent_id=root["id"])
    got = await stub.GetComment(
        posts_pb2.GetCommentRequest(post_id=post["id"], id=int(reply["id"]))
    )
    assert (got.post_id, got.id, got.author_id) == (post["id"], int(reply["id"]), READER.id)
    assert (got.text, got.state, got.parent_id) == ("re", "NEW", int(root["id"]))
    top = await stub.GetComment(posts_pb2.GetCommentRequest(post_id=post["id"], id=int(root["id"])))
    assert not top.HasField("parent_id")
    other = await posts.published(WRITER)
    wrong_post = posts_pb2.GetCommentRequest(post_id=other["id"], id=int(root["id"]))
    assert await rpc_code(stub.GetComment(wrong_post)) == grpc.StatusCode.NOT_FOUND
    bad_id = posts_pb2.GetCommentRequest(post_id=post["id"], id=0)
    assert await rpc_code(stub.GetComment(bad_id)) == grpc.StatusCode.INVALID_ARGUMENT


async def test_list_tags(small_batches: Posts, stub: posts_pb2_grpc.PostsServiceStub) -> None:
    await small_batches.create_tag("zz-last")
    await small_batches.create_tag("AA-first")
    reply = await stub.ListTags(posts_pb2.ListTagsRequest())
    names = [t.name for t in reply.tags]
    assert {"zz-last", "AA-first"} <= set(names)
    assert names == sorted(names, key=str.lower)


async def test_stream_posts_replays_every_live_post(
    small_batches: Posts, stub: posts_pb2_grpc.PostsServiceStub
) -> None:
    posts = small_batches
    await posts.sql("DELETE FROM posts")
    first = await posts.published(WRITER, topic="one")
    for text in ("a", "b", "c"):
        await posts.add_comment(first["id"], as_=OTHER, text=text)
    await posts.add_comment(first["id"], as_=READER)  # NEW: not counted
    blocked = await posts.add_comment(first["id"], as_=OTHER)
    await posts.set_comment_state(first["id"], blocked["id"], "BLOCKED")  # not counted
    draft = await posts.create_post(WRITER, topic="two")
    gone = await posts.published(WRITER, topic="three")
    await posts.data("mutation($id: ID!) { deletePost(id: $id) }", {"id": gone["id"]}, as_=WRITER)
    extra = [await posts.published(OTHER, topic=f"more {i}") for i in range(3)]

    cards = [card async for card in stub.StreamPosts(posts_pb2.StreamPostsRequest())]
    by_id = {c.post_id: c for c in cards}
    assert len(cards) == len(by_id) == 5  # every live post once, across batches of 2
    assert gone["id"] not in by_id
    assert by_id[first["id"]].published_comment_count == 3
    assert by_id[draft["id"]].state == "NEW"
    assert by_id[draft["id"]].published_comment_count == 0
    assert by_id[first["id"]].topic == "one"
    assert by_id[first["id"]].author_id == WRITER.id
    updated = [c.updated_at.ToDatetime(dt.UTC) for c in cards]
    assert updated == sorted(updated)

    since = Timestamp()
    since.FromDatetime(dt.datetime.fromisoformat(extra[1]["updatedAt"]))
    recent = [c.post_id async for c in stub.StreamPosts(posts_pb2.StreamPostsRequest(since=since))]
    assert recent == [extra[1]["id"], extra[2]["id"]]

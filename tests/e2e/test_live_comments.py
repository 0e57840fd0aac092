"""commentAdded through the real platform and our router: a reader subscribed to a post hears
each comment as it becomes PUBLISHED, with its author's login resolved from profiles; a
pre-moderated comment is heard only once a moderator publishes it, and a post the reader may
not see is NOT_FOUND at subscribe time."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from common.auth import Role
from subgraphs.posts.comments import comments_channel
from tests.support.live import receive, sse_events, subscribe, until_listening, ws_connection
from tests.support.platform import Platform, TestUser
from tests.support.stores import redis_url

COMMENT_ADDED = """
subscription Live($postId: ID!) {
  commentAdded(postId: $postId) { id text state author { id login } }
}"""
CREATE_POST = "mutation($input: CreatePostInput!) { createPost(input: $input) { id } }"
SET_POST_STATE = "mutation($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }"
ADD_COMMENT = """
mutation($postId: ID!, $text: String!) { addComment(postId: $postId, text: $text) { id state } }"""
SET_COMMENT_STATE = """
mutation($postId: ID!, $id: ID!, $s: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $s) { id state }
}"""


async def published_post(platform: Platform, writer: TestUser, moderator: TestUser) -> str:
    data = await platform.data(
        CREATE_POST, {"input": {"topic": "Live", "text": "body"}}, user=writer
    )
    post_id: str = data["createPost"]["id"]
    await platform.data(SET_POST_STATE, {"id": post_id, "s": "PUBLISHED"}, user=moderator)
    return post_id


def ws_url(platform: Platform) -> str:
    return platform.router_url.replace("http://", "ws://")


async def comment(platform: Platform, user: TestUser, post_id: str, text: str) -> dict[str, Any]:
    data = await platform.data(ADD_COMMENT, {"postId": post_id, "text": text}, user=user)
    added: dict[str, Any] = data["addComment"]
    return added


async def test_a_subscribed_reader_hears_published_comments_only(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    reader = await platform.new_user(Role.READER)
    post_id = await published_post(platform, writer, moderator)
    auth = {"Authorization": f"Bearer {reader.access_token}"}
    async with ws_connection(ws_url(platform), payload=auth) as ws:
        assert (await receive(ws))["type"] == "connection_ack"
        await subscribe(ws, "c", COMMENT_ADDED, {"postId": post_id})
        await until_listening(redis_url(), comments_channel(post_id))
        # a READER's comment waits for moderation: nobody hears of it yet
        pending = await comment(platform, reader, post_id, "first, pre-moderated")
        assert pending["state"] == "NEW"
        # a WRITER's comment is published at once: heard, with the login from profiles
        direct = await comment(platform, writer, post_id, "from the writer")
        message = await receive(ws)
        assert message == {
            "type": "next",
            "id": "c",
            "payload": {
                "data": {
                    "commentAdded": {
                        "id": direct["id"],
                        "text": "from the writer",
                        "state": "PUBLISHED",
                        "author": {"id": writer.id, "login": writer.login},
                    }
                }
            },
        }
        # the moderator publishes the pending one: now it is heard
        await platform.data(
            SET_COMMENT_STATE,
            {"postId": post_id, "id": pending["id"], "s": "PUBLISHED"},
            user=moderator,
        )
        published = (await receive(ws))["payload"]["data"]["commentAdded"]
        assert published["id"] == pending["id"]
        assert published["author"]["login"] == reader.login


async def test_sse_and_a_post_the_reader_may_not_see(platform: Platform) -> None:
    writer = await platform.new_user(Role.WRITER)
    moderator = await platform.new_user(Role.MODERATOR)
    post_id = await published_post(platform, writer, moderator)
    draft = await platform.data(
        CREATE_POST, {"input": {"topic": "Draft", "text": "body"}}, user=writer
    )
    headers = {"accept": "text/event-stream"}
    body = {"query": COMMENT_ADDED, "variables": {"postId": draft["createPost"]["id"]}}
    async with platform.http.stream(
        "POST", f"{platform.router_url}", json=body, headers=headers
    ) as response:
        events = [event async for event in sse_events(response) if event[0]]
    assert '"NOT_FOUND"' in events[0][1]
    assert events[-1][0] == "complete"
    # anonymous readers subscribe to a published post over SSE
    body = {"query": COMMENT_ADDED, "variables": {"postId": post_id}}
    async with platform.http.stream(
        "POST", f"{platform.router_url}", json=body, headers=headers
    ) as response:
        stream = sse_events(response)
        await until_listening(redis_url(), comments_channel(post_id))
        added = await comment(platform, writer, post_id, "hello stream")
        event, data = await anext(stream)
        while not event:
            event, data = await anext(stream)
        assert event == "next"
        assert added["id"] in data
        assert writer.login in data


async def test_the_subgraph_socket_answers_the_router_only(platform: Platform) -> None:
    """The router's graphql-transport-ws socket to posts passes the same shared-secret gate as
    its HTTP fetches (common/gate.py): without the secret, the handshake is refused."""
    url = platform.services["posts"].graphql_url
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(url, protocols=("graphql-transport-ws",))
        assert refused.value.status == 403
        async with session.ws_connect(
            url, protocols=("graphql-transport-ws",), headers=platform.subgraph_headers
        ) as ws:
            await ws.send_str('{"type": "connection_init"}')
            assert (await receive(ws))["type"] == "connection_ack"

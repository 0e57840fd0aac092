"""The feed for real: a tansu broker, posts and profiles (each on a fresh PostgreSQL database,
their outbox relays publishing to the broker) and the feed (its consumer on the broker, its
model in a Redis database of its own), all in-process on free ports.

A stack is started once per test module (the group join on tansu costs about 5 s)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from common.auth import Role
from common.db import drop_database
from common.grpc import client_channel
from common.ids import new_id
from common.redis import connect
from common.service import RunningService, running
from protos.indefinite.profiles.v1 import profiles_pb2, profiles_pb2_grpc
from subgraphs.feed import models
from subgraphs.feed.app import create_app as create_feed
from subgraphs.feed.service import FeedStore
from subgraphs.feed.settings import Settings as FeedSettings
from subgraphs.posts.app import create_app as create_posts
from subgraphs.posts.settings import Settings as PostsSettings
from subgraphs.profiles.app import create_app as create_profiles
from subgraphs.profiles.settings import Settings as ProfilesSettings
from tests.support.kafka import TansuBroker, tansu
from tests.support.polling import eventually
from tests.support.stores import REDIS_BASE, fresh_database_url, worker_index
from tests.support.tokens import SigningKeys

KEYS = SigningKeys()
OWNER_ID = uuid.uuid4()
MODERATOR_ID = uuid.uuid4()

CARD_FIELDS = """
    id topic slug previewText authorLogin authorDisplayName commentCount publishedAt updatedAt
    tags { id name } author { id } post { id commentCount }
"""


def bearer(user_id: uuid.UUID, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEYS.mint(user_id=user_id, role=role)}"}


async def wipe(redis: Redis) -> None:
    """Remove the feed's keys and markers (the database may be shared with another suite)."""
    for pattern in (f"{models.PREFIX}:*", "processed:{feed:*"):
        async for key in redis.scan_iter(match=pattern, count=1000):
            await redis.unlink(key)


def feed_redis_url() -> str:
    """A Redis database of the feed tests alone (the other suites use 1..15 per worker)."""
    return f"{REDIS_BASE}/{(worker_index() % 8) + 8}"


class GraphQLError(AssertionError):
    pass


@dataclass
class Author:
    user_id: uuid.UUID
    login: str

    @property
    def id(self) -> str:
        return str(self.user_id)

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.user_id, Role.WRITER)


@dataclass
class Stack:
    broker: TansuBroker
    posts: RunningService
    profiles: RunningService
    feed: RunningService
    feed_settings: FeedSettings
    http: httpx.AsyncClient
    redis: Redis
    profiles_stub: Any

    @property
    def store(self) -> FeedStore:
        return FeedStore(self.redis)

    async def gql(
        self, url: str, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        response = await self.http.post(
            url, json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        data: dict[str, Any] = body["data"]
        return data

    # ------------------------------------------------------------------ posts

    async def posts_call(
        self, query: str, variables: dict[str, Any], headers: dict[str, str]
    ) -> dict[str, Any]:
        return await self.gql(self.posts.graphql_url, query, variables, **headers)

    async def author(self, login: str | None = None, display_name: str = "") -> Author:
        user_id = new_id()
        login = login or f"a{uuid.uuid4().hex[:10]}"
        await self.profiles_stub.CreateProfile(
            profiles_pb2.CreateProfileRequest(
                user_id=str(user_id), login=login, display_name=display_name
            )
        )
        return Author(user_id=user_id, login=login)

    async def create_post(
        self, author: Author, *, topic: str = "A topic", tag_ids: list[str] | None = None
    ) -> str:
        data = await self.posts_call(
            "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }",
            {
                "i": {
                    "topic": topic,
                    "text": "text",
                    "previewText": f"about {topic}",
                    "tagIds": tag_ids or [],
                }
            },
            author.headers,
        )
        post_id: str = data["createPost"]["id"]
        return post_id

    async def set_state(self, post_id: str, state: str) -> None:
        await self.posts_call(
            "mutation($id: ID!, $s: ContentState!) { setPostState(id: $id, state: $s) { id } }",
            {"id": post_id, "s": state},
            bearer(MODERATOR_ID, Role.MODERATOR),
        )

    async def publish(self, author: Author, **kwargs: Any) -> str:
        """The author writes, a moderator publishes (authors submit, moderators publish)."""
        post_id = await self.create_post(author, **kwargs)
        await self.set_state(post_id, "PUBLISHED")
        return post_id

    async def update_post(self, author: Author, post_id: str, **fields: Any) -> None:
        await self.posts_call(
            "mutation($id: ID!, $i: UpdatePostInput!) { updatePost(id: $id, input: $i) { id } }",
            {"id": post_id, "i": fields},
            author.headers,
        )

    async def delete_post(self, author: Author, post_id: str) -> None:
        await self.posts_call(
            "mutation($id: ID!) { deletePost(id: $id) }", {"id": post_id}, author.headers
        )

    async def create_tag(self, name: str) -> str:
        data = await self.posts_call(
            "mutation($n: String!) { createTag(name: $n) { id } }",
            {"n": name},
            bearer(OWNER_ID, Role.OWNER),
        )
        tag_id: str = data["createTag"]["id"]
        return tag_id

    async def rename_tag(self, tag_id: str, name: str) -> None:
        await self.posts_call(
            "mutation($id: ID!, $n: String!) { renameTag(id: $id, name: $n) { id } }",
            {"id": tag_id, "n": name},
            bearer(OWNER_ID, Role.OWNER),
        )

    async def add_comment(self, post_id: str, *, as_reader: bool = False) -> str:
        who = bearer(uuid.uuid4(), Role.READER if as_reader else Role.WRITER)
        data = await self.posts_call(
            'mutation($p: ID!) { addComment(postId: $p, text: "hi") { id } }',
            {"p": post_id},
            who,
        )
        comment_id: str = data["addComment"]["id"]
        return comment_id

    async def set_comment_state(self, post_id: str, comment_id: str, state: str) -> None:
        await self.posts_call(
            "mutation($p: ID!, $id: ID!, $s: ContentState!) "
            "{ setCommentState(postId: $p, id: $id, state: $s) { id } }",
            {"p": post_id, "id": comment_id, "s": state},
            bearer(MODERATOR_ID, Role.MODERATOR),
        )

    async def rename_author(self, author: Author, *, login: str, display_name: str) -> None:
        await self.gql(
            self.profiles.graphql_url,
            "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }",
            {"i": {"login": login, "displayName": display_name}},
            **author.headers,
        )
        author.login = login

    # ------------------------------------------------------------------ feed

    async def feed_page(self, **arguments: Any) -> dict[str, Any]:
        data = await self.gql(
            self.feed.graphql_url,
            "query($first: Int, $after: String, $authorId: ID, $tagId: ID) {"
            " feed(first: $first, after: $after, authorId: $authorId, tagId: $tagId) {"
            f" edges {{ cursor node {{ {CARD_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}"
            " } }",
            arguments,
        )
        page: dict[str, Any] = data["feed"]
        return page

    async def feed_ids(self, **arguments: Any) -> list[str]:
        page = await self.feed_page(first=100, **arguments)
        return [edge["node"]["id"] for edge in page["edges"]]

    async def card(self, post_id: str, **arguments: Any) -> dict[str, Any] | None:
        page = await self.feed_page(first=100, **arguments)
        for edge in page["edges"]:
            if edge["node"]["id"] == post_id:
                node: dict[str, Any] = edge["node"]
                return node
        return None

    async def until_card(
        self, post_id: str, check: Callable[[dict[str, Any]], bool] = bool, **arguments: Any
    ) -> dict[str, Any]:
        async def ready() -> dict[str, Any] | None:
            card = await self.card(post_id, **arguments)
            return card if card is not None and check(card) else None

        found: dict[str, Any] = await eventually(ready)
        return found

    async def until_gone(self, post_id: str, **arguments: Any) -> None:
        async def gone() -> bool:
            return post_id not in await self.feed_ids(**arguments)

        await eventually(gone)


def feed_settings(broker: TansuBroker, posts: str, profiles: str, **extra: Any) -> FeedSettings:
    values: dict[str, Any] = {
        "environment": "test",
        "log_json": False,
        "redis_url": feed_redis_url(),
        "kafka_bootstrap_servers": broker.bootstrap,
        "posts_grpc_target": posts,
        "profiles_grpc_target": profiles,
        "feed_consumer_group": f"feed-{uuid.uuid4().hex[:8]}",
        "kafka_fetch_max_wait_ms": 10,
        "kafka_session_timeout_ms": 1_000,  # tansu holds a join about this long
        "kafka_heartbeat_interval_ms": 200,
        "kafka_metadata_max_age_ms": 1_000,
        # the start-up check only: a test that wipes the model must not race a healing rebuild
        "feed_generation_check_seconds": 3600.0,
    }
    values.update(extra)
    return FeedSettings(**values)


@asynccontextmanager
async def feed_stack(
    *, consume: bool = True, redis_url: str | None = None, **feed_options: Any
) -> AsyncIterator[Stack]:
    """posts, profiles and the feed on a fresh broker (the feed on `redis_url` when given)."""
    posts_url, profiles_url = fresh_database_url("posts"), fresh_database_url("profiles")
    redis_url = redis_url or feed_redis_url()
    redis = connect(redis_url, decode_responses=True)
    await wipe(redis)
    try:
        async with tansu() as broker:
            posts_settings = PostsSettings(
                database_url=posts_url,
                environment="test",
                log_json=False,
                kafka_bootstrap_servers=broker.bootstrap,
            )
            profiles_settings = ProfilesSettings(
                database_url=profiles_url,
                environment="test",
                log_json=False,
                kafka_bootstrap_servers=broker.bootstrap,
            )
            async with (
                running(
                    create_posts(posts_settings, verifier=KEYS.verifier()), free_ports=True
                ) as posts,
                running(
                    create_profiles(profiles_settings, verifier=KEYS.verifier()), free_ports=True
                ) as profiles,
            ):
                settings = feed_settings(
                    broker,
                    posts.grpc_target,
                    profiles.grpc_target,
                    feed_consume=consume,
                    redis_url=redis_url,
                    **feed_options,
                )
                async with (
                    running(
                        create_feed(settings, verifier=KEYS.verifier()), free_ports=True
                    ) as feed,
                    httpx.AsyncClient(timeout=30.0) as http,
                    client_channel(profiles.grpc_target) as channel,
                ):
                    yield Stack(
                        broker=broker,
                        posts=posts,
                        profiles=profiles,
                        feed=feed,
                        feed_settings=settings,
                        http=http,
                        redis=redis,
                        profiles_stub=profiles_pb2_grpc.ProfilesServiceStub(channel),  # type: ignore[no-untyped-call]
                    )
    finally:
        await wipe(redis)
        await redis.aclose()
        await drop_database(posts_url)
        await drop_database(profiles_url)


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with feed_stack() as started:
        yield started

"""The posts service for real: its own PostgreSQL database per test module, GraphQL over HTTP,
tokens for every role (anonymous, READER, WRITER, another WRITER, MODERATOR, OWNER)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from common.auth import Role
from common.db import Database, drop_database
from common.service import RunningService, running
from subgraphs.posts.app import create_app
from subgraphs.posts.models import outbox
from subgraphs.posts.settings import CommentPremoderation, Settings
from tests.support.stores import fresh_database_url
from tests.support.tokens import SigningKeys

KEYS = SigningKeys()

POST_FIELDS = """
    id topic slug text previewText state createdAt updatedAt publishedAt
    author { id }
    tags { id name }
"""
COMMENT_FIELDS = "id postId parentId text state createdAt updatedAt author { id }"


@dataclass(frozen=True)
class Actor:
    """A caller: `role` None is anonymous."""

    name: str
    role: Role | None
    user_id: uuid.UUID

    @property
    def headers(self) -> dict[str, str]:
        if self.role is None:
            return {}
        token = KEYS.mint(user_id=self.user_id, role=self.role)
        return {"Authorization": f"Bearer {token}"}

    @property
    def id(self) -> str:
        return str(self.user_id)


ANON = Actor("anonymous", None, uuid.UUID(int=0))
READER = Actor("reader", Role.READER, uuid.uuid4())
WRITER = Actor("writer", Role.WRITER, uuid.uuid4())
OTHER = Actor("other_writer", Role.WRITER, uuid.uuid4())
MODERATOR = Actor("moderator", Role.MODERATOR, uuid.uuid4())
OWNER = Actor("owner", Role.OWNER, uuid.uuid4())
ACTORS = [ANON, READER, WRITER, OTHER, MODERATOR, OWNER]
BY_NAME = {a.name: a for a in ACTORS}


class GraphQLError(AssertionError):
    pass


@dataclass
class Posts:
    """A running posts service plus helpers that speak GraphQL to it."""

    service: RunningService
    database_url: str
    http: httpx.AsyncClient

    async def call(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Actor = ANON
    ) -> dict[str, Any]:
        response = await self.http.post(
            self.service.graphql_url,
            json={"query": query, "variables": variables or {}},
            headers=as_.headers,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Actor = ANON
    ) -> dict[str, Any]:
        body = await self.call(query, variables, as_=as_)
        if body.get("errors"):
            raise GraphQLError(body["errors"])
        result: dict[str, Any] = body["data"]
        return result

    async def error(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Actor = ANON
    ) -> dict[str, Any]:
        """The one error of a call that must fail."""
        body = await self.call(query, variables, as_=as_)
        assert body.get("errors"), body
        assert len(body["errors"]) == 1, body
        error: dict[str, Any] = body["errors"][0]
        return error

    async def code(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Actor = ANON
    ) -> str:
        return str((await self.error(query, variables, as_=as_))["extensions"]["code"])

    # ------------------------------------------------------------------ shortcuts

    async def create_post(
        self,
        as_: Actor = WRITER,
        *,
        topic: str = "A topic",
        text: str = "Some *markdown*",
        preview: str = "preview",
        tag_ids: list[str] | None = None,
        state: str | None = None,
    ) -> dict[str, Any]:
        data = await self.data(
            "mutation($input: CreatePostInput!) "
            f"{{ createPost(input: $input) {{ {POST_FIELDS} }} }}",
            {
                "input": {
                    "topic": topic,
                    "text": text,
                    "previewText": preview,
                    "tagIds": tag_ids or [],
                }
            },
            as_=as_,
        )
        post: dict[str, Any] = data["createPost"]
        if state is not None and state != post["state"]:
            post = await self.set_state(post["id"], state, as_=MODERATOR)
        return post

    async def set_state(self, post_id: str, state: str, *, as_: Actor) -> dict[str, Any]:
        data = await self.data(
            f"mutation($id: ID!, $s: ContentState!) {{ setPostState(id: $id, state: $s) "
            f"{{ {POST_FIELDS} }} }}",
            {"id": post_id, "s": state},
            as_=as_,
        )
        post: dict[str, Any] = data["setPostState"]
        return post

    async def published(self, as_: Actor = WRITER, **kwargs: Any) -> dict[str, Any]:
        return await self.create_post(as_, state="PUBLISHED", **kwargs)

    async def add_comment(
        self, post_id: str, *, as_: Actor, text: str = "Nice", parent_id: str | None = None
    ) -> dict[str, Any]:
        data = await self.data(
            f"mutation($p: ID!, $t: String!, $r: ID) {{ addComment(postId: $p, text: $t, "
            f"parentId: $r) {{ {COMMENT_FIELDS} }} }}",
            {"p": post_id, "t": text, "r": parent_id},
            as_=as_,
        )
        comment: dict[str, Any] = data["addComment"]
        return comment

    async def set_comment_state(self, post_id: str, comment_id: str, state: str) -> None:
        await self.data(
            "mutation($p: ID!, $id: ID!, $s: ContentState!) "
            "{ setCommentState(postId: $p, id: $id, state: $s) { id } }",
            {"p": post_id, "id": comment_id, "s": state},
            as_=MODERATOR,
        )

    async def create_tag(self, name: str) -> dict[str, Any]:
        data = await self.data(
            "mutation($n: String!) { createTag(name: $n) { id name } }", {"n": name}, as_=OWNER
        )
        tag: dict[str, Any] = data["createTag"]
        return tag

    async def get_post(self, post_id: str, *, as_: Actor) -> dict[str, Any]:
        """The whole response (data + errors) of `post(id)`."""
        return await self.call(
            f"query($id: ID!) {{ post(id: $id) {{ {POST_FIELDS} }} }}", {"id": post_id}, as_=as_
        )

    async def outbox_rows(self, key: str | None = None) -> list[dict[str, Any]]:
        db = Database(self.database_url, pool_size=1)
        try:
            async with db.session() as s:
                query = select(outbox).order_by(outbox.c.seq)
                if key is not None:
                    query = query.where(outbox.c.key == key)
                return [dict(r._mapping) for r in (await s.execute(query)).all()]
        finally:
            await db.close()

    async def sql(self, statement: str, **params: Any) -> None:
        db = Database(self.database_url, pool_size=1)
        try:
            async with db.transaction() as s:
                await s.execute(text(statement), params)
        finally:
            await db.close()


@asynccontextmanager
async def start_posts(database_url: str | None = None, **settings: Any) -> AsyncIterator[Posts]:
    """Run a posts service on free ports (a fresh database unless one is given)."""
    url = database_url or fresh_database_url("posts")
    # the scheduler's polls would mingle with the statements tests count (test_scheduled.py
    # drives it with its own clock)
    settings.setdefault("scheduler_poll_seconds", 0)
    config = Settings(database_url=url, environment="test", log_json=False, **settings)
    try:
        async with (
            running(create_app(config, verifier=KEYS.verifier()), free_ports=True) as service,
            httpx.AsyncClient(timeout=30.0) as http,
        ):
            yield Posts(service=service, database_url=url, http=http)
    finally:
        if database_url is None:
            await drop_database(url)


@pytest.fixture(scope="module")
async def posts() -> AsyncIterator[Posts]:
    async with start_posts() as running_posts:
        yield running_posts


def premoderation(policy: CommentPremoderation) -> dict[str, Any]:
    return {"comment_premoderation": policy}

"""End to end over real HTTP: two Strawberry subgraphs on loopback ports, HttpSubgraphFetcher."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import strawberry
import uvicorn
from strawberry.asgi import GraphQL

from router.executor.fetcher import HttpSubgraphFetcher, subgraph_urls
from router.pipeline import GraphQLRequest, Pipeline
from router.supergraph import load_supergraph

NAMES = {"1": "Ada", "2": "Grace"}
POSTS = {"1": ["Engines", "Notes"], "2": ["Compilers"]}


@strawberry.federation.type(keys=["id"])
class User:
    id: strawberry.ID
    name: str

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> User:
        return User(id=id, name=NAMES[str(id)])


@strawberry.type
class UsersQuery:
    @strawberry.field
    def users(self) -> list[User]:
        return [User(id=strawberry.ID(k), name=v) for k, v in NAMES.items()]


@strawberry.type
class Post:
    title: str


@strawberry.federation.type(keys=["id"], name="User")
class PostsUser:
    id: strawberry.ID

    @strawberry.field
    def posts(self) -> list[Post] | None:
        if str(self.id) == "2":
            raise ValueError("posts of 2 are private")
        return [Post(title=t) for t in POSTS[str(self.id)]]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PostsUser:
        return PostsUser(id=id)


@strawberry.type
class PostsQuery:
    @strawberry.field
    def post_count(self) -> int:
        return sum(len(v) for v in POSTS.values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


SUPERGRAPH = """
schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
{
  query: Query
}

directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, \
type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable \
on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, \
resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable \
on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) \
repeatable on SCHEMA
scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }

enum join__Graph {
  POSTS @join__graph(name: "posts", url: "URL_POSTS")
  USERS @join__graph(name: "users", url: "URL_USERS")
}

type Query @join__type(graph: POSTS) @join__type(graph: USERS) {
  users: [User!]! @join__field(graph: USERS)
  postCount: Int! @join__field(graph: POSTS)
}

type Post @join__type(graph: POSTS) {
  title: String!
}

type User @join__type(graph: POSTS, key: "id") @join__type(graph: USERS, key: "id") {
  id: ID!
  name: String! @join__field(graph: USERS)
  posts: [Post!] @join__field(graph: POSTS)
}
"""


async def _serve(app: Any, port: int) -> tuple[uvicorn.Server, asyncio.Task[None]]:
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError(f"the test subgraph on port {port} did not start within 2 s")
    return server, task


@pytest.fixture
async def urls() -> AsyncIterator[dict[str, str]]:
    users = strawberry.federation.Schema(query=UsersQuery)
    posts = strawberry.federation.Schema(query=PostsQuery, types=[PostsUser])
    running = []
    out = {}
    for name, schema in (("users", users), ("posts", posts)):
        port = _free_port()
        running.append(await _serve(GraphQL(schema), port))
        out[name] = f"http://127.0.0.1:{port}/graphql"
    yield out
    for server, task in running:
        server.should_exit = True
        await task


async def test_entities_over_http_with_partial_errors(urls: dict[str, str]) -> None:
    sdl = SUPERGRAPH.replace("URL_POSTS", urls["posts"]).replace("URL_USERS", urls["users"])
    supergraph = load_supergraph(sdl)
    fetcher = HttpSubgraphFetcher(subgraph_urls(supergraph), timeout=5)
    try:
        pipe = Pipeline(supergraph, fetcher)
        out = await pipe.execute(GraphQLRequest("{ postCount users { name posts { title } } }"))
    finally:
        await fetcher.aclose()
    assert out.response["data"] == {
        "postCount": 3,
        "users": [
            {"name": "Ada", "posts": [{"title": "Engines"}, {"title": "Notes"}]},
            {"name": "Grace", "posts": None},
        ],
    }
    [error] = out.response["errors"]
    assert error["message"] == "posts of 2 are private"
    assert error["path"] == ["users", 1, "posts"]


async def test_unreachable_subgraph_is_a_subgraph_error() -> None:
    port = _free_port()  # nothing listens here
    sdl = SUPERGRAPH.replace("URL_POSTS", f"http://127.0.0.1:{port}/graphql").replace(
        "URL_USERS", f"http://127.0.0.1:{port}/graphql"
    )
    supergraph = load_supergraph(sdl)
    fetcher = HttpSubgraphFetcher(subgraph_urls(supergraph), timeout=2)
    try:
        out = await Pipeline(supergraph, fetcher).execute(GraphQLRequest("{ postCount }"))
    finally:
        await fetcher.aclose()
    assert out.response["data"] is None
    assert out.response["errors"][0]["extensions"] == {
        "code": "SUBREQUEST_HTTP_ERROR",
        "service": "posts",
    }

"""Locust users for `python -m qa load` (run by qa/load/runner.py in its own process: Locust's
gevent patches the standard library, so it never shares a process with asyncio code).

Reads QA_LOAD_STATE: a JSON file the runner wrote with the router's origin, the weights, the
seeded posts and author, and the probe accounts' tokens. Stops by itself after
QA_LOAD_MAX_REQUESTS requests; every post it creates is listed in QA_LOAD_CREATED for the
runner's clean-up.
"""

from __future__ import annotations

import json
import os
import random
import threading
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.env import Environment

STATE: dict[str, Any] = json.loads(Path(os.environ["QA_LOAD_STATE"]).read_text())
WEIGHTS: dict[str, Any] = STATE["weights"]
MAX_REQUESTS = int(os.environ.get("QA_LOAD_MAX_REQUESTS", "20000"))
CREATED = Path(os.environ["QA_LOAD_CREATED"])
_lock = threading.Lock()
_count = 0

FRONT_PAGE = """query LoadFrontPage {
  feed(first: 20) { nodes { id topic previewText authorLogin commentCount publishedAt
    author { login displayName } } }
}"""
AUTHOR_FEED = """query LoadAuthorFeed($authorId: ID!) {
  feed(first: 20, authorId: $authorId) { nodes { id topic commentCount author { login } } }
}"""
POST = """query LoadPost($id: ID!) {
  post(id: $id) { id topic text publishedAt commentCount author { login displayName }
    tags { id name } }
}"""
COMMENTS = """query LoadComments($id: ID!) {
  post(id: $id) { comments(first: 20) { nodes { id text createdAt author { login } } } }
}"""
ADD_COMMENT = """mutation LoadAddComment($postId: ID!, $text: String!) {
  addComment(postId: $postId, text: $text) { id state }
}"""
CREATE_POST = """mutation LoadCreatePost($input: CreatePostInput!) {
  createPost(input: $input) { id }
}"""
SET_STATE = """mutation LoadSetPostState($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) { id state }
}"""


@events.request.add_listener  # type: ignore[untyped-decorator]
def _count_requests(**_kwargs: Any) -> None:
    """Bound the run in count as well as in time."""
    global _count
    with _lock:
        _count += 1
        done = _count == MAX_REQUESTS
    if done and _environment is not None and _environment.runner is not None:
        _environment.runner.quit()


_environment: Environment | None = None


@events.init.add_listener  # type: ignore[untyped-decorator]
def _keep_environment(environment: Environment, **_kwargs: Any) -> None:
    global _environment
    _environment = environment


class GraphQLUser(HttpUser):
    abstract = True
    host = STATE["origin"]
    wait_time = between(*WEIGHTS.get("wait_seconds", [0.0, 0.5]))

    def gql(self, name: str, query: str, variables: dict[str, Any], token: str = "") -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers=headers,
            name=name,
            catch_response=True,
        ) as response:
            try:
                body = response.json()
            except ValueError:
                response.failure(f"HTTP {response.status_code} without JSON")
                return None
            if body.get("errors"):
                codes = [e.get("extensions", {}).get("code") for e in body["errors"]]
                response.failure(f"errors {codes}")
                return None
            return body.get("data")

    def a_post(self) -> str:
        return str(random.choice(STATE["post_ids"]))


def _weighted(kind: str, actions: dict[str, Any]) -> Any:
    """Locust's `tasks` mapping (action -> weight) from one section of the weights file."""
    weights: dict[str, int] = WEIGHTS[kind]
    return {actions[name]: int(weight) for name, weight in weights.items() if name in actions}


class Reader(GraphQLUser):
    weight = int(WEIGHTS["users"]["reader"])

    def front_page(self) -> None:
        self.gql("front page", FRONT_PAGE, {})

    def author_feed(self) -> None:
        self.gql("author feed", AUTHOR_FEED, {"authorId": STATE["author_id"]})

    def post(self) -> None:
        self.gql("post", POST, {"id": self.a_post()})

    def comments(self) -> None:
        self.gql("comments", COMMENTS, {"id": self.a_post()})

    def rest_feed(self) -> None:
        self.client.get("/api/v1/feed/posts", name="REST feed")

    tasks = _weighted(
        "reader",
        {
            "front_page": front_page,
            "author_feed": author_feed,
            "post": post,
            "comments": comments,
            "rest_feed": rest_feed,
        },
    )


class Commenter(GraphQLUser):
    weight = int(WEIGHTS["users"]["commenter"])

    def add_comment(self) -> None:
        token = random.choice(STATE["commenter_tokens"])
        variables = {"postId": self.a_post(), "text": "A comment from the load profile."}
        self.gql("add comment", ADD_COMMENT, variables, token)

    def post(self) -> None:
        self.gql("post", POST, {"id": self.a_post()})

    tasks = _weighted("commenter", {"add_comment": add_comment, "post": post})


class Writer(GraphQLUser):
    weight = int(WEIGHTS["users"]["writer"])

    @task
    def publish(self) -> None:
        text = "A post from the load profile."
        post_input = {"topic": "Load", "text": text, "tagIds": [STATE["probe_tag_id"]]}
        data = self.gql("create post", CREATE_POST, {"input": post_input}, STATE["writer_token"])
        if data is None:
            return
        post_id = data["createPost"]["id"]
        with _lock, CREATED.open("a") as out:
            out.write(post_id + "\n")
        variables = {"id": post_id, "state": "ON_MODERATION"}
        self.gql("submit post", SET_STATE, variables, STATE["writer_token"])
        variables = {"id": post_id, "state": "PUBLISHED"}
        self.gql("publish post", SET_STATE, variables, STATE["owner_token"])

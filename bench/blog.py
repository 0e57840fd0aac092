"""Scenario "blog" of bench/gateways.py: our real subgraphs behind each gateway.

    python -m bench.gateways --scenario blog [--posts 300] [--duration 10] [--gateways ...]

The platform (tests/support/platform.py: profiles, auth, posts, and feed/sessions when present,
each on a fresh PostgreSQL database) runs in this process, pinned to the subgraph cores. It is
seeded through our router: 10 writers, 8 tags, `--posts` published posts (1-3 tags each) and
comments on most of them (writers' comments publish at once; a reader's one waits for a
moderator, so anonymous pages leave it out). Each gateway then serves the same supergraph and
gets the same anonymous blog page queries under wrk (BLOG_QUERY: 20 posts with author, role,
tags, 5 comments and their authors: posts -> profiles + auth entity fetches), every page in
turn (`--blog-front-page`: the first page only, which lets Hive Gateway merge identical
in-flight subgraph fetches).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bench.gateways import REPO_ROOT, Result, _wrk_script, bench_gateway, how_run, report
from common.auth import Role
from tests.support.platform import Platform, TestUser, router_env, start_platform

__all__ = ["BLOG_QUERY", "blog_scenario", "has_blog_shape", "seed_blog"]

T = TypeVar("T")
#: Hive Gateway forwards Authorization (the same file the differential tests use).
HIVE_CONFIG = REPO_ROOT / "tests" / "differential" / "hive_gateway.config.mjs"
PAGE_SIZE = 20
WRITERS = 10
READERS = 4
TAGS = ("python", "graphql", "federation", "postgres", "redis", "kafka", "rust", "design")
BLOG_QUERY = """
query BlogPage($first: Int!, $after: String) {
  posts(first: $first, after: $after) {
    edges {
      cursor
      node {
        id topic slug previewText publishedAt
        author { id login displayName role }
        tags { id name }
        comments(first: 5) {
          edges { node { id text createdAt author { id login displayName role } } }
          pageInfo { hasNextPage }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""
CREATE_POST = "mutation($i: CreatePostInput!) { createPost(input: $i) { id } }"
PUBLISH = "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }"
COMMENT = "mutation($p: ID!, $t: String!) { addComment(postId: $p, text: $t) { id } }"


def wrk_rotating_script(bodies: Sequence[str], directory: Path) -> Path:
    """A wrk script that sends `bodies` in turn (each connection continues the rotation)."""
    script = directory / "rotate.lua"
    entries = ",\n".join(f"  {json.dumps(body)}" for body in bodies)
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"local bodies = {{\n{entries}\n}}\n"
        "local i = 0\n"
        "function request()\n"
        "  i = i % #bodies + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[i])\n"
        "end\n"
    )
    return script


async def page_cursors(platform: Platform) -> list[str | None]:
    """The `after` of every page of PAGE_SIZE published posts (None: the first page)."""
    cursors: list[str | None] = [None]
    while True:
        data = await platform.data(
            "query($a: String) { posts(first: 20, after: $a) "
            "{ pageInfo { hasNextPage endCursor } } }",
            {"a": cursors[-1]},
        )
        info = data["posts"]["pageInfo"]
        if not info["hasNextPage"]:
            return cursors
        cursors.append(info["endCursor"])


def page_body(after: str | None) -> str:
    variables = {"first": PAGE_SIZE, "after": after}
    return json.dumps({"query": BLOG_QUERY, "variables": variables, "operationName": "BlogPage"})


def has_blog_shape(data: Any) -> bool:
    edges = ((data or {}).get("posts") or {}).get("edges") or []
    nodes = [edge["node"] for edge in edges]
    return (
        len(nodes) == PAGE_SIZE
        and all(node["author"]["login"] and node["author"]["role"] for node in nodes)
        and all(node["tags"] for node in nodes)
        and any(node["comments"]["edges"] for node in nodes)
    )


async def _in_batches(calls: Sequence[Callable[[], Awaitable[T]]], size: int = 8) -> list[T]:
    results: list[T] = []
    for start in range(0, len(calls), size):
        results += await asyncio.gather(*(call() for call in calls[start : start + size]))
    return results


async def seed_blog(platform: Platform, posts: int) -> None:
    owner = await platform.new_user(Role.OWNER, login="owner")
    writers = [await platform.new_user(Role.WRITER, login=f"writer{i}") for i in range(WRITERS)]
    readers = [await platform.new_user(Role.READER, login=f"reader{i}") for i in range(READERS)]
    tag_ids = []
    for name in TAGS:
        data = await platform.data(
            "mutation($n: String!) { createTag(name: $n) { id } }", {"n": name}, user=owner
        )
        tag_ids.append(data["createTag"]["id"])

    async def write(i: int) -> str:
        author = writers[i % WRITERS]
        tags = [tag_ids[(i + k * 3) % len(tag_ids)] for k in range(1 + i % 3)]
        created = await platform.data(
            CREATE_POST,
            {
                "i": {
                    "topic": f"Post {i}: notes on {TAGS[i % len(TAGS)]}",
                    "text": f"# Post {i}\n\n" + "Some *markdown* body. " * 40,
                    "previewText": f"What post {i} is about, in two lines of preview text.",
                    "tagIds": tags,
                }
            },
            user=author,
        )
        post_id: str = created["createPost"]["id"]
        await platform.data(PUBLISH, {"id": post_id}, user=author)
        return post_id

    post_ids = await _in_batches([partial(write, i) for i in range(posts)])

    async def comment(post_id: str, user: TestUser, n: int) -> None:
        await platform.data(COMMENT, {"p": post_id, "t": f"Comment {n} on this"}, user=user)

    calls: list[Callable[[], Awaitable[None]]] = []
    for i, post_id in enumerate(post_ids):
        for n in range(i % 5):  # 0..4 comments, writers' published, readers' pending
            user = writers[(i + n + 1) % WRITERS] if n % 3 else readers[(i + n) % READERS]
            calls.append(partial(comment, post_id, user, n))
    await _in_batches(calls)
    print(f"seeded {len(post_ids)} posts, {len(calls)} comments", flush=True)


async def blog_scenario(args: argparse.Namespace) -> int:
    subgraph_cpus = {int(c) for c in args.subgraph_cpus.split(",")}
    os.sched_setaffinity(0, subgraph_cpus)  # the in-process subgraphs; gateways use taskset
    body = page_body(None)
    results: list[Result] = []
    answers: dict[str, dict[str, Any]] = {}
    cursors: list[str | None] = []
    async with start_platform() as platform:
        print(f"platform up: {', '.join(platform.services)}; seeding", flush=True)
        await seed_blog(platform, args.posts)
        envs = {
            "router": router_env(platform.jwks_url, subgraph_secret=platform.subgraph_secret),
            "hive": {
                "CONFIG_PATH": str(HIVE_CONFIG),
                "SUBGRAPH_SHARED_SECRET": platform.subgraph_secret,
            },
        }
        cursors = await page_cursors(platform)
        with tempfile.TemporaryDirectory(prefix="bench-blog-") as tmp:
            if args.blog_front_page:
                script = _wrk_script(body, Path(tmp))
            else:
                script = wrk_rotating_script([page_body(c) for c in cursors], Path(tmp))
            for name in args.gateways.split(","):
                result, answer = await bench_gateway(
                    name,
                    platform.supergraph,
                    script,
                    body,
                    args,
                    has_shape=has_blog_shape,
                    env=envs.get(name),
                )
                results.append(result)
                if answer is not None:
                    answers[name] = answer
    reference = answers.get("hive") or next(iter(answers.values()), None)
    same = {name: answer == reference for name, answer in answers.items()}
    print()
    pages = "the front page only" if args.blog_front_page else f"all {len(cursors)} pages in turn"
    print(
        f"scenario blog: {args.posts} posts, pages of {PAGE_SIZE} with authors, tags, comments"
        f" ({pages});"
        f" {args.connections} connections, {args.threads} wrk thread(s), {args.duration}s"
        f" (warm-up {args.warmup}s); loader cpus {args.loader_cpus}, gateway cpus"
        f" {args.gateway_cpus}, subgraphs (one process, in-process) cpus {args.subgraph_cpus}"
    )
    print(how_run(args))
    print(report(results, same))
    return 0

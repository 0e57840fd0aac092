"""Scheduled publishing against a real PostgreSQL: an approved post with a future publishAt
waits as SCHEDULED and the scheduler (driven here by a clock the test moves) publishes it, with
the outbox event any publication writes; two schedulers at once publish each post once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest

from common.db import Database
from subgraphs.posts.scheduler import Scheduler
from tests.posts.conftest import ANON, MODERATOR, WRITER, Posts

CREATE = """mutation($input: CreatePostInput!) {
  createPost(input: $input) { id state publishAt }
}"""
STATE = """mutation($id: ID!, $s: ContentState!) {
  setPostState(id: $id, state: $s) { id state publishedAt publishAt }
}"""
UPDATE = """mutation($id: ID!, $at: DateTime) {
  updatePost(id: $id, input: {publishAt: $at}) { id state publishAt }
}"""
START = dt.datetime(2030, 1, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture
async def db(posts: Posts) -> AsyncIterator[Database]:
    database = Database(posts.database_url, pool_size=4)
    yield database
    await database.close()


async def scheduled(posts: Posts, at: dt.datetime) -> dict[str, Any]:
    made = await posts.data(
        CREATE,
        {"input": {"topic": "Later", "text": "soon", "publishAt": at.isoformat()}},
        as_=WRITER,
    )
    post: dict[str, Any] = (
        await posts.data(STATE, {"id": made["createPost"]["id"], "s": "PUBLISHED"}, as_=MODERATOR)
    )["setPostState"]
    return post


async def test_approved_post_waits_then_is_published_at_its_time(
    posts: Posts, db: Database
) -> None:
    # the service's own clock is the wall clock: a publishAt in 2030 is in the future
    post = await scheduled(posts, START)
    assert post["state"] == "SCHEDULED"
    assert post["publishedAt"] is None
    assert (await posts.get_post(post["id"], as_=ANON))["data"]["post"] is None
    assert (await posts.get_post(post["id"], as_=WRITER))["data"]["post"]["state"] == "SCHEDULED"
    events = await posts.outbox_rows(post["id"])
    assert events[-1]["payload"]["state"] == "SCHEDULED"

    clock = Clock(START - dt.timedelta(seconds=1))
    scheduler = Scheduler(db, clock=clock)
    assert await scheduler.publish_due() == 0  # not yet
    clock.at = START
    assert await scheduler.publish_due() == 1
    assert await scheduler.publish_due() == 0  # once

    seen = (await posts.get_post(post["id"], as_=ANON))["data"]["post"]
    assert seen["state"] == "PUBLISHED"
    assert dt.datetime.fromisoformat(seen["publishedAt"]) == START
    last = (await posts.outbox_rows(post["id"]))[-1]
    assert last["type"] == "PostStateChanged"
    assert last["payload"]["state"] == "PUBLISHED"
    assert last["payload"]["previous_state"] == "SCHEDULED"


async def test_catch_up_after_downtime_and_replicas_publish_each_once(
    posts: Posts, db: Database
) -> None:
    at = START + dt.timedelta(days=1)
    made = [await scheduled(posts, at + dt.timedelta(minutes=i)) for i in range(7)]
    assert {p["state"] for p in made} == {"SCHEDULED"}
    late = Clock(at + dt.timedelta(days=3))  # the service was down for days
    replicas = [Scheduler(db, clock=late, batch=2) for _ in range(3)]
    published = await asyncio.gather(*(r.catch_up() for r in replicas))
    assert sum(published) == 7
    for post in made:
        rows = await posts.outbox_rows(post["id"])
        assert [r["payload"]["state"] for r in rows].count("PUBLISHED") == 1


async def test_rescheduling_and_rules(posts: Posts, db: Database) -> None:
    post = await scheduled(posts, START + dt.timedelta(days=10))
    # unscheduling a SCHEDULED post publishes it at the next poll
    changed = (await posts.data(UPDATE, {"id": post["id"], "at": None}, as_=WRITER))["updatePost"]
    assert changed["publishAt"] is None
    assert changed["state"] == "SCHEDULED"
    assert await Scheduler(db, clock=Clock(START)).publish_due() == 1
    # once published, publishAt is refused
    code = await posts.code(UPDATE, {"id": post["id"], "at": START.isoformat()}, as_=WRITER)
    assert code == "BAD_USER_INPUT"
    # SCHEDULED is not set by hand
    other = await posts.create_post()
    assert await posts.code(STATE, {"id": other["id"], "s": "SCHEDULED"}, as_=MODERATOR) == (
        "BAD_USER_INPUT"
    )
    # a publishAt already past at approval publishes at once
    past = await scheduled(posts, dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert past["state"] == "PUBLISHED"

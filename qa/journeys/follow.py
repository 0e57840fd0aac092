"""Follow an author -> the author publishes -> the follower is notified (NEW_POST_BY_AUTHOR in
the inbox)."""

from __future__ import annotations

from qa.client import codes
from qa.errors import ApiError
from qa.journeys.comment import inbox
from qa.probes import new_probe, published_post
from qa.steps import Run

FOLLOW = """mutation QaFollow($id: ID!) {
  follow(target: AUTHOR, id: $id) { kind targetId }
}"""


async def journey(run: Run) -> None:
    writer = await new_probe(run, "WRITER", label="writer")
    reader = await new_probe(run, label="follower")

    async def followed() -> bool:
        # subscriptions learns of a new account from its events: NOT_FOUND until it has
        body = await run.client.gql(FOLLOW, {"id": writer.id}, token=reader.token)
        if "NOT_FOUND" in codes(body):
            return False
        if body.get("errors"):
            raise ApiError(str(body["errors"])[:300], codes(body), body)
        return True

    async with run.step("follower: follow the writer"):
        await run.eventually(followed, what="following the new writer")
    post_id = await published_post(run, writer)

    async def notified() -> bool:
        return any(
            n["type"] == "NEW_POST_BY_AUTHOR" and n["subjectId"] == post_id
            for n in await inbox(run, reader.token)
        )

    async with run.step("follower: notified in the inbox"):
        await run.eventually(notified, what="a NEW_POST_BY_AUTHOR notification in the inbox")

"""Write -> submit -> moderate -> visible in the author's feed; the step "visible in the feed"
is the publish-to-visible time (posts' outbox -> Kafka -> the feed's read model). The probe
post must stay out of the public front page."""

from __future__ import annotations

from typing import Any

from qa.errors import JourneyFailure
from qa.probes import new_probe, published_post
from qa.steps import Run

AUTHOR_FEED = """query QaAuthorFeed($authorId: ID!) {
  feed(first: 10, authorId: $authorId) { nodes { id topic authorLogin } }
}"""
FRONT_PAGE = "query QaFrontPage { feed(first: 50) { nodes { id } } }"


async def feed_ids(run: Run, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    data = await run.client.data(query, variables)
    return [node["id"] for node in data["feed"]["nodes"]]


async def journey(run: Run) -> None:
    writer = await new_probe(run, "WRITER", label="writer")
    post_id = await published_post(run, writer)

    async def visible() -> bool:
        return post_id in await feed_ids(run, AUTHOR_FEED, {"authorId": writer.id})

    async with run.step("visible in the feed"):
        await run.eventually(visible, what="the published post in its author's feed")
    async with run.step("kept off the front page"):
        if post_id in await feed_ids(run, FRONT_PAGE):
            raise JourneyFailure("the probe post shows on the public front page")

"""feed: post ids newest first and a post's comments oldest first (upstream feed-builder,
``/api/v1/feed``).

Served by the posts subgraph's ``posts`` connection and ``Post.comments`` (the same visibility
rules: without ``state`` only PUBLISHED posts, plus an author's own drafts when ``userUuid`` is
the viewer; other states for moderators and authors). Upstream's filter priority holds:
``userUuid`` > ``tagId`` > all.
"""

from __future__ import annotations

import uuid
from typing import Any

from router.rest.pagination import PAGE_PARAMS, walk
from router.rest.problems import Problem
from router.rest.routes.common import DONE, ME_ROLE, STRING, ping_routes, require_owner
from router.rest.spec import Auth, Call, Kind, Param, Reply, Route
from router.rest.wire import CONTENT_STATES, FeedComment, Page, page

__all__ = ["ROUTES"]

FEED_POSTS = """query RestFeedPosts(
  $first: Int, $after: String, $authorId: ID, $tagId: ID, $state: ContentState
) {
  posts(first: $first, after: $after, authorId: $authorId, tagId: $tagId, state: $state) {
    edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}"""
FEED_COMMENTS = """query RestFeedComments($id: ID!, $first: Int, $after: String) {
  post(id: $id) {
    comments(first: $first, after: $after) {
      edges { node { id state createdAt } } pageInfo { hasNextPage endCursor }
    }
  }
}"""

REBUILD = "mutation RestRebuildFeed { rebuildFeed { posts authors removed seconds } }"


async def feed_posts(call: Call) -> Reply:
    query = call.query
    offset, limit = query["offset"], query["limit"]
    variables: dict[str, Any] = {"state": query.get("state")}
    if "userUuid" in query:
        variables["authorId"] = query["userUuid"]
    elif "tagId" in query:
        variables["tagId"] = str(query["tagId"])
    nodes = await walk(
        call, FEED_POSTS, variables, lambda d: d["posts"], offset=offset, limit=limit
    )
    return Reply(page([n["id"] for n in nodes], offset, limit))


def _comments(data: dict[str, Any]) -> dict[str, Any] | None:
    post: dict[str, Any] | None = data["post"]
    return None if post is None else post["comments"]


async def feed_comments(call: Call) -> Reply:
    if not call.path.get("uuid"):
        raise Problem(404, "Post not found")
    offset, limit = call.query["offset"], call.query["limit"]
    nodes = await walk(
        call, FEED_COMMENTS, {"id": call.path["uuid"]}, _comments, offset=offset, limit=limit
    )
    return Reply(page(nodes, offset, limit))


async def sync_start(call: Call) -> Reply:
    """Upstream (re)started its Kafka consumer; ours never stops, so "start" means the useful
    thing an OWNER wants from it: replay every post into the feed's read model now."""
    await call.gql(REBUILD)
    return DONE


async def sync_stop(call: Call) -> Reply:
    """The consumer is not stoppable over REST (see the route's notes): checked, answered."""
    await require_owner(call)
    return DONE


ROUTES = [
    Route(
        "GET",
        ("/feed/posts",),
        "feed",
        "Post uuids, newest first, by author (userUuid) > tag (tagId) > all, optionally by state.",
        Auth.PUBLIC,
        feed_posts,
        operation=FEED_POSTS,
        params=(
            *PAGE_PARAMS,
            Param("tagId", Kind.INT, minimum=1, description="Posts filed under this tag."),
            Param("state", enum=CONTENT_STATES[:4], description="Default: PUBLISHED."),
            Param("userUuid", Kind.UUID, description="Posts of this author."),
        ),
        response=Page[uuid.UUID],
        errors=(400, 403),
    ),
    Route(
        "GET",
        ("/feed/posts/{uuid}/comments",),
        "feed",
        "A post's comments the viewer may see, oldest first: {Id, CreateDate, State}.",
        Auth.PUBLIC,
        feed_comments,
        operation=FEED_COMMENTS,
        params=(Param("uuid", Kind.UUID, description="The post id."), *PAGE_PARAMS),
        response=Page[FeedComment],
        errors=(400, 404),
    ),
    Route(
        "POST",
        ("/feed/sync/start",),
        "feed",
        "Resynchronise the feed (OWNER): replay every post into its read model (rebuildFeed).",
        Auth.USER,
        sync_start,
        operation=REBUILD,
        response=STRING,
        errors=(401, 403),
        notes=(
            "Upstream started its Kafka consumer here. Ours runs continuously with the feed "
            "service, so this runs `rebuildFeed`: every post is replayed into the feed's read "
            "model (the one behind GraphQL `feed`; REST `/feed/posts` reads posts directly and "
            "needs no sync). Without `clear`: the feed stays readable and the consumer keeps "
            'running meanwhile. Answers "DONE" once the replay is over.'
        ),
    ),
    Route(
        "POST",
        ("/feed/sync/stop",),
        "feed",
        'Accepted for upstream clients (OWNER): "DONE"; the feed\'s consumer keeps running.',
        Auth.USER,
        sync_stop,
        operation=ME_ROLE,
        response=STRING,
        errors=(401, 403),
        notes=(
            "Upstream stopped its Kafka consumer here. Ours is part of the feed service and "
            "runs continuously (it commits its offsets as it goes): a stopped consumer would "
            "only let the feed fall silently behind, so nothing is stopped. Stop the feed "
            "service itself to pause consumption; its backlog is replayed when it returns."
        ),
    ),
    *ping_routes("feed"),
]

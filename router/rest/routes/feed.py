"""feed: post ids newest first and a post's comments oldest first (upstream feed-builder,
``/api/v1/feed``).

Served by the posts subgraph's ``posts`` connection and ``Post.comments`` (the same visibility
rules: without ``state`` only PUBLISHED posts, plus an author's own drafts when ``userUuid`` is
the viewer; other states for moderators and authors). Upstream's filter priority holds:
``userUuid`` > ``tagId`` > all.
"""

from __future__ import annotations

from typing import Any

from router.rest.pagination import PAGE_PARAMS, walk
from router.rest.problems import Problem
from router.rest.routes.common import not_implemented, ping_routes
from router.rest.spec import Auth, Call, Kind, Param, Reply, Route
from router.rest.wire import CONTENT_STATES, feed_comment_dto, page, page_schema, ref

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
    return Reply(page([feed_comment_dto(n) for n in nodes], offset, limit))


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
        response=page_schema({"type": "string", "format": "uuid"}),
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
        response=page_schema(ref("FeedComment")),
        errors=(400, 404),
    ),
    Route(
        "POST",
        ("/feed/sync/start",),
        "feed",
        "Start the feed's event consumer (upstream); ours is always on.",
        Auth.USER,
        not_implemented("The feed consumer is managed by the platform, not over REST"),
        errors=(401, 501),
    ),
    Route(
        "POST",
        ("/feed/sync/stop",),
        "feed",
        "Stop the feed's event consumer (upstream).",
        Auth.USER,
        not_implemented("The feed consumer is managed by the platform, not over REST"),
        errors=(401, 501),
    ),
    *ping_routes("feed"),
]

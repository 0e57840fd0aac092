"""search: full-text search over published posts (``GET /api/v1/posts/search?q=``).

Runs the posts subgraph's ``searchPosts`` (websearch syntax, Russian and English stemming, best
match first, fresher first on ties). Pages are keyset cursors as in GraphQL, not offsets: the
reply's ``NextCursor`` goes back as ``after`` (absent on the last page).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from router.rest.problems import Problem
from router.rest.spec import Auth, Call, Kind, Param, Reply, Route
from router.rest.wire import DateTime, Uuid, _Wire

__all__ = ["ROUTES"]

SEARCH = """query RestSearchPosts(
  $query: String!, $first: Int, $after: String, $tagId: ID, $authorId: ID
) {
  searchPosts(query: $query, first: $first, after: $after, tagId: $tagId, authorId: $authorId) {
    edges { node { rank snippet post {
      id topic slug previewText publishedAt readingMinutes author { id } tags { id name }
    } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


class SearchHit(_Wire):
    uuid: Uuid = Field(validation_alias="id")
    topic: str
    slug: str
    preview_text: str
    publish_date: DateTime | None = Field(validation_alias="publishedAt")
    reading_minutes: int
    author_uuid: Uuid
    tag_ids: list[int]
    rank: float
    snippet: str = Field(
        description="Matched words between <mark> and </mark>; Markdown, not HTML."
    )


class SearchPage(_Wire):
    count: int
    data: list[SearchHit]
    next_cursor: str | None = Field(description="`after` for the next page; absent at the end.")


def _hit(node: dict[str, Any]) -> dict[str, Any]:
    post = node["post"]
    return {
        **post,
        "author_uuid": post["author"]["id"],
        "tag_ids": [int(t["id"]) for t in post["tags"]],
        "rank": node["rank"],
        "snippet": node["snippet"],
    }


async def search_posts(call: Call) -> Reply:
    query = call.query
    if not str(query.get("q", "")).strip():
        raise Problem(
            400,
            "q: is required",
            code="BAD_USER_INPUT",
            errors=[{"Field": "q", "Msg": "is required"}],
        )
    variables: dict[str, Any] = {
        "query": query["q"],
        "first": query["first"],
        "after": query.get("after"),
        "tagId": None if "tagId" not in query else str(query["tagId"]),
        "authorId": query.get("authorUuid"),
    }
    found = (await call.gql(SEARCH, variables))["searchPosts"]
    hits = [_hit(edge["node"]) for edge in found["edges"]]
    info = found["pageInfo"]
    return Reply(
        {
            "count": len(hits),
            "data": hits,
            "next_cursor": info["endCursor"] if info["hasNextPage"] else None,
        }
    )


ROUTES = [
    Route(
        "GET",
        ("/posts/search",),
        "posts",
        "Full-text search over published posts, best match first (cursor pages).",
        Auth.PUBLIC,
        search_posts,
        operation=SEARCH,
        params=(
            Param("q", description='Words, "a phrase", or, -word (websearch syntax).'),
            Param("first", Kind.INT, default=20, minimum=1, maximum=100, description="Page size."),
            Param("after", description="NextCursor of the previous page."),
            Param("tagId", Kind.INT, minimum=1, description="Posts filed under this tag."),
            Param("authorUuid", Kind.UUID, description="Posts of this author."),
        ),
        response=SearchPage,
        errors=(400,),
    ),
]

"""Settings of the posts service (environment variables; see the README of each field)."""

from __future__ import annotations

from typing import Literal

from common.settings import ServiceSettings, default_grpc_target

#: Who waits for a moderator before their comment is shown:
#: "readers" (READERs wait; WRITER and above publish directly), "all" (everyone below
#: MODERATOR waits), "none" (nobody waits).
CommentPremoderation = Literal["readers", "all", "none"]


class Settings(ServiceSettings):
    service_name: str = "posts"
    database_url: str = "postgresql://postgres@127.0.0.1:5432/posts"
    #: COMMENT_PREMODERATION
    comment_premoderation: CommentPremoderation = "readers"
    #: AUTHOR_SELF_PUBLISH: authors publish their own posts without a moderator (the open
    #: phase); off, an author submits (ON_MODERATION) unless an OWNER made them a trusted author.
    author_self_publish: bool = False
    #: STREAM_POSTS_BATCH: rows read per query while StreamPosts replays the posts.
    stream_posts_batch: int = 500
    #: MEDIA_GRPC_TARGET: media's gRPC (a cover must be the author's own READY image).
    media_grpc_target: str = default_grpc_target("media")
    #: SCHEDULER_POLL_SECONDS: how often this replica publishes SCHEDULED posts that fell due
    #: (0: never; another replica does it).
    scheduler_poll_seconds: float = 5.0
    #: SCHEDULER_BATCH: posts published per transaction.
    scheduler_batch: int = 100
    #: REACTIONS_PER_MINUTE: reaction changes (adds and removals) a user makes in a minute
    #: before RATE_LIMITED (0: no limit).
    reactions_per_minute: int = 60
    #: SEARCH_RANK_WINDOW: searchPosts ranks the freshest this many matches of a query.
    search_rank_window: int = 200

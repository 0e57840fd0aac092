"""The domain of posts assembled: `posts`, `comments`, `tags`, (trusted) `authors`, `search`,
`bookmarks` and `reactions`, one object per noun sharing the database. schema.py (GraphQL)
and grpc.py reach them through this front; every verb raises common.errors.*. Input rules:
validation.py; who sees what: visibility.py; pages: cursors.py."""

from __future__ import annotations

from common.db import Database
from common.live import Live
from common.media import MediaClient
from subgraphs.posts.authors import Authors
from subgraphs.posts.bookmarks import Bookmarks
from subgraphs.posts.comments import Comments
from subgraphs.posts.posts import Posts
from subgraphs.posts.reactions import Reactions
from subgraphs.posts.search import Search
from subgraphs.posts.settings import Settings
from subgraphs.posts.tags import Tags


class PostsService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        media: MediaClient | None = None,
        live: Live | None = None,
    ) -> None:
        self.tags = Tags(db)
        self.posts = Posts(db, settings, self.tags, media)
        self.comments = Comments(db, settings, live)
        self.authors = Authors(db)
        self.search = Search(db, rank_window=settings.search_rank_window)
        self.bookmarks = Bookmarks(db)
        self.reactions = Reactions(db, settings)

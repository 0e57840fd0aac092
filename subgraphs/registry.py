"""The subgraphs of the platform: name -> (schema module, default port).

`indefinite.supergraph` composes every subgraph here whose schema module exists; the router's
supergraph points at `url(name)` for each. Add a line when a new subgraph arrives.
"""

from collections.abc import Mapping
from typing import Final, NamedTuple


class SubgraphEntry(NamedTuple):
    module: str
    port: int


SUBGRAPHS: Final[Mapping[str, SubgraphEntry]] = {
    "auth": SubgraphEntry("subgraphs.auth.schema", 4001),
    "profiles": SubgraphEntry("subgraphs.profiles.schema", 4002),
    "posts": SubgraphEntry("subgraphs.posts.schema", 4003),
    "feed": SubgraphEntry("subgraphs.feed.schema", 4004),
    "sessions": SubgraphEntry("subgraphs.sessions.schema", 4005),
    "media": SubgraphEntry("subgraphs.media.schema", 4006),
    "subscriptions": SubgraphEntry("subgraphs.subscriptions.schema", 4007),
    "notifications": SubgraphEntry("subgraphs.notifications.schema", 4008),
}


def url(name: str, *, host: str = "127.0.0.1", port: int | None = None) -> str:
    """The GraphQL endpoint of subgraph `name` (its default port unless `port` is given)."""
    return f"http://{host}:{port or SUBGRAPHS[name].port}/graphql"

"""The subgraphs of the platform: name -> (schema module, default port).

`indefinite.supergraph` composes every subgraph here whose schema module exists; the router's
supergraph points at `url(name)` for each. Add a line when a new subgraph arrives.
"""

from collections.abc import Mapping
from typing import Final, NamedTuple

from common.settings import DEFAULT_HTTP_PORTS


class SubgraphEntry(NamedTuple):
    module: str
    port: int


SUBGRAPHS: Final[Mapping[str, SubgraphEntry]] = {
    name: SubgraphEntry(f"subgraphs.{name}.schema", port)
    for name, port in DEFAULT_HTTP_PORTS.items()
}


def url(name: str, *, host: str = "127.0.0.1", port: int | None = None) -> str:
    """The GraphQL endpoint of subgraph `name` (its default port unless `port` is given)."""
    return f"http://{host}:{port or SUBGRAPHS[name].port}/graphql"

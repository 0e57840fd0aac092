"""Supergraph loading: routing model (``SupergraphState``) and API schema."""

from router.supergraph.loader import Link, Supergraph, load_supergraph
from router.supergraph.state import SupergraphState

__all__ = ["Link", "Supergraph", "SupergraphState", "load_supergraph"]

"""Subgraph URLs as the router will call them: ``@join__graph(url:)`` unless overridden.

Overrides come from settings (``ROUTER_SUBGRAPH_URLS__posts=http://...``) and match the subgraph
name case-insensitively (environment variable names are often upper-cased).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["resolve_subgraph_urls"]


def resolve_subgraph_urls(
    declared: Mapping[str, str], overrides: Mapping[str, str]
) -> dict[str, str]:
    """``declared`` with ``overrides`` applied; an override for an unknown subgraph is an error."""
    by_lower = {name.lower(): name for name in declared}
    unknown = [name for name in overrides if name.lower() not in by_lower]
    if unknown:
        raise ValueError(
            f"subgraph URL overrides name unknown subgraphs {sorted(unknown)}; "
            f"the supergraph has {sorted(declared)}"
        )
    resolved = dict(declared)
    for name, url in overrides.items():
        resolved[by_lower[name.lower()]] = url
    return resolved

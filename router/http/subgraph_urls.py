"""Subgraph URLs as the router will call them: ``@join__graph(url:)`` unless overridden.

Overrides come from settings (``ROUTER_SUBGRAPH_URLS__posts=http://...``) and match the subgraph
name case-insensitively (environment variable names are often upper-cased).
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import EnumTypeDefinitionNode, StringValueNode, parse

__all__ = ["resolve_subgraph_urls", "supergraph_subgraph_urls"]


def supergraph_subgraph_urls(sdl: str) -> dict[str, str]:
    """``{name: url}`` read from the ``join__Graph`` enum of a supergraph SDL."""
    urls: dict[str, str] = {}
    for definition in parse(sdl, no_location=True).definitions:
        if not isinstance(definition, EnumTypeDefinitionNode):
            continue
        if definition.name.value != "join__Graph":
            continue
        for value in definition.values or ():
            for directive in value.directives or ():
                if directive.name.value != "join__graph":
                    continue
                args = {
                    a.name.value: a.value.value
                    for a in directive.arguments or ()
                    if isinstance(a.value, StringValueNode)
                }
                urls[args.get("name", value.name.value.lower())] = args.get("url", "")
    return urls


def resolve_subgraph_urls(
    declared: Mapping[str, str], overrides: Mapping[str, str]
) -> dict[str, str]:
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

"""Load a Federation 2 supergraph SDL: read its ``@link``s, refuse what we cannot honour.

Steps: parse → read links (``link/v1.0``, ``join/v0.2-v0.5``, ``inaccessible``, ``tag``;
an unknown feature linked ``for: SECURITY`` or ``for: EXECUTION`` is refused because serving
without it would be wrong or unsafe) → routing model (join_spec) → API schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    parse,
    value_from_ast_untyped,
)

from router.errors import SupergraphError
from router.supergraph.api_schema import build_api_schema
from router.supergraph.join_spec import read_join_spec
from router.supergraph.state import SupergraphState

__all__ = ["Link", "Supergraph", "load_supergraph", "read_links"]

SUPPORTED: dict[str, set[str]] = {
    "link": {"v1.0"},
    "join": {"v0.2", "v0.3", "v0.4", "v0.5"},
    "inaccessible": {"v0.1", "v0.2"},
    "tag": {"v0.1", "v0.2", "v0.3"},
}
"""Features we implement (name → versions). ``tag`` is metadata only."""

_URL = re.compile(r"^(?P<base>.*)/(?P<name>[A-Za-z_][A-Za-z0-9_-]*)/(?P<version>v\d+\.\d+)/?$")


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    name: str
    version: str
    local_name: str
    purpose: str | None


@dataclass(frozen=True, slots=True)
class Supergraph:
    """A loaded supergraph: routing model + API schema (immutable, shared by requests)."""

    sdl: str
    state: SupergraphState
    api_schema: GraphQLSchema
    links: tuple[Link, ...] = field(default=())


def read_links(doc: DocumentNode) -> list[Link]:
    links: list[Link] = []
    for defn in doc.definitions:
        if not isinstance(defn, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for d in defn.directives or ():
            if d.name.value not in ("link", "core"):
                continue
            args = {a.name.value: value_from_ast_untyped(a.value) for a in d.arguments or ()}
            url = str(args.get("url") or args.get("feature") or "")
            m = _URL.match(url)
            if m is None:
                raise SupergraphError(f"cannot read @link url {url!r}")
            purpose = args.get("for")
            links.append(
                Link(
                    url=url,
                    name=m["name"],
                    version=m["version"],
                    local_name=str(args.get("as") or m["name"]),
                    purpose=str(purpose) if purpose is not None else None,
                )
            )
    return links


def _check_links(links: list[Link]) -> None:
    names = {link.name for link in links}
    if "join" not in names:
        raise SupergraphError(
            "not a Federation 2 supergraph: no @link to https://specs.apollo.dev/join",
            hint="pass the composed supergraph, not a subgraph schema",
        )
    for link in links:
        versions = SUPPORTED.get(link.name)
        if (
            versions is not None
            and link.version not in versions
            and (link.name in ("join", "link") or link.purpose in ("SECURITY", "EXECUTION"))
        ):
            raise SupergraphError(
                f"unsupported version {link.version} of feature {link.name!r} ({link.url})",
                hint=f"supported versions: {', '.join(sorted(versions))}",
            )
        if versions is None and link.purpose in ("SECURITY", "EXECUTION"):
            raise SupergraphError(
                f"the supergraph links {link.url} for {link.purpose}, which this router does "
                "not implement; serving it would ignore rules the supergraph relies on",
                hint="remove the feature from the subgraphs or use a router that supports it",
            )


def load_supergraph(sdl: str) -> Supergraph:
    """Parse and check a supergraph SDL; raises SupergraphError with a hint when refused."""
    try:
        doc = parse(sdl, no_location=True)
    except GraphQLError as exc:
        raise SupergraphError(f"the supergraph SDL does not parse: {exc.message}") from exc
    links = read_links(doc)
    _check_links(links)
    local = {link.name: link.local_name for link in links}
    state = read_join_spec(doc, prefix=local["join"])
    machinery = [local.get("link", "link"), local["join"]]
    if "tag" in local:
        machinery.append(local["tag"])
    if "core" not in machinery:
        machinery.append("core")
    api = build_api_schema(
        doc, machinery_prefixes=machinery, inaccessible=local.get("inaccessible")
    )
    return Supergraph(sdl=sdl, state=state, api_schema=api, links=tuple(links))

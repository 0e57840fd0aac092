"""Subgraph header propagation: compile the rules once, apply the plan per request.

Shape after Hive Router ``executor/headers/compile.rs`` -> ``plan.rs``: settings become an
immutable ``HeaderPlan`` (lower-cased names, resolved renames, static inserts) whose ``apply`` is
a single pass over the few allowed names, with no regex or config lookups on the hot path.
``Authorization``, ``User-Agent`` and ``X-Track-Id`` are always propagated; the track id is set
by the router even when the client sent none. The router also tells subgraphs who the client is
(``X-Forwarded-For``: the address it took from its socket or its trusted proxies, replacing
whatever the client sent) and proves it is the router (``X-Subgraph-Secret``, ``common.gate``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from common.gate import CLIENT_ADDRESS_HEADER, SECRET_HEADER
from router.settings import HeaderSettings

__all__ = ["ALWAYS_PROPAGATED", "HeaderPlan", "compile_header_plan"]

ALWAYS_PROPAGATED = ("authorization",)
TRACK_ID_HEADER = "x-track-id"
USER_AGENT_HEADER = "user-agent"

# Hop-by-hop and body-framing headers must never be copied onto another request.
_FORBIDDEN = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "content-type",
        "content-encoding",
        "host",
        "accept-encoding",
        CLIENT_ADDRESS_HEADER,  # the router's own statement of the client address
        SECRET_HEADER,
    }
)


@dataclass(frozen=True, slots=True)
class HeaderPlan:
    """(client name, subgraph name) pairs to copy, plus static headers to insert."""

    propagate: tuple[tuple[str, str], ...]
    insert: tuple[tuple[str, str], ...]

    def apply(
        self, incoming: Mapping[str, str], track_id: str, client_address: str | None = None
    ) -> dict[str, str]:
        """Headers for every subgraph fetch of this request; ``incoming`` is case-insensitive."""
        out: dict[str, str] = dict(self.insert)
        for source, target in self.propagate:
            value = incoming.get(source)
            if value is not None:
                out[target] = value
        user_agent = incoming.get(USER_AGENT_HEADER)
        if user_agent is not None:
            out[USER_AGENT_HEADER] = user_agent
        if client_address:
            out[CLIENT_ADDRESS_HEADER] = client_address
        out[TRACK_ID_HEADER] = track_id
        return out


def compile_header_plan(settings: HeaderSettings, *, secret: str | None = None) -> HeaderPlan:
    """``secret``: the subgraphs' shared secret, sent with every fetch when set."""
    renames = {k.lower(): v.lower() for k, v in settings.rename.items()}
    names: list[str] = [*ALWAYS_PROPAGATED]
    for name in settings.propagate:
        lowered = name.strip().lower()
        if lowered in _FORBIDDEN:
            raise ValueError(f"header {name!r} cannot be propagated to subgraphs")
        if lowered != TRACK_ID_HEADER and lowered not in names:
            names.append(lowered)
    for name in settings.insert:
        if name.lower() in _FORBIDDEN:
            raise ValueError(f"header {name!r} cannot be inserted into subgraph requests")
    inserted = [(k.lower(), v) for k, v in settings.insert.items()]
    if secret:
        inserted.append((SECRET_HEADER, secret))
    return HeaderPlan(
        propagate=tuple((name, renames.get(name, name)) for name in names),
        insert=tuple(inserted),
    )

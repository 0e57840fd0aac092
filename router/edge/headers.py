"""Subgraph header propagation: compile the rules once, apply the plan per request.

Shape after Hive Router ``executor/headers/compile.rs`` -> ``plan.rs``: settings become an
immutable ``HeaderPlan`` (lower-cased names, resolved renames, static inserts) whose ``apply`` is
a single pass over the few allowed names, with no regex or config lookups on the hot path.
``Authorization`` and ``X-Track-Id`` are always propagated; the track id is set by the router even
when the client sent none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from router.settings import HeaderSettings

__all__ = ["ALWAYS_PROPAGATED", "HeaderPlan", "compile_header_plan"]

ALWAYS_PROPAGATED = ("authorization",)
TRACK_ID_HEADER = "x-track-id"

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
    }
)


@dataclass(frozen=True, slots=True)
class HeaderPlan:
    """(client name, subgraph name) pairs to copy, plus static headers to insert."""

    propagate: tuple[tuple[str, str], ...]
    insert: tuple[tuple[str, str], ...]

    def apply(self, incoming: Mapping[str, str], track_id: str) -> dict[str, str]:
        """Headers for every subgraph fetch of this request; ``incoming`` is case-insensitive."""
        out: dict[str, str] = dict(self.insert)
        for source, target in self.propagate:
            value = incoming.get(source)
            if value is not None:
                out[target] = value
        out[TRACK_ID_HEADER] = track_id
        return out


def compile_header_plan(settings: HeaderSettings) -> HeaderPlan:
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
    return HeaderPlan(
        propagate=tuple((name, renames.get(name, name)) for name in names),
        insert=tuple((k.lower(), v) for k, v in settings.insert.items()),
    )

"""Pick the response media type from ``Accept`` (GraphQL-over-HTTP "Accept", "Legacy Watershed").

Parsing is cached per distinct header value: clients send the same few strings over and over.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["GRAPHQL_RESPONSE_JSON", "HTML", "JSON", "negotiate"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"

# Offered types in server preference order (used to break ties between equal q-values).
_OFFERS = (GRAPHQL_RESPONSE_JSON, JSON, HTML)
_WILDCARDS = {"*/*": (GRAPHQL_RESPONSE_JSON, JSON), "application/*": (GRAPHQL_RESPONSE_JSON, JSON)}


@lru_cache(maxsize=256)
def negotiate(accept: str | None, *, allow_html: bool = False) -> str | None:
    """Return the media type to answer with, or ``None`` when nothing acceptable is offered.

    No ``Accept`` header means ``application/json`` (the spec's legacy default); a wildcard means
    ``application/json`` too, so old clients keep getting 200s.
    """
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for order, part in enumerate(accept.split(",")):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        q = _quality(params)
        if q <= 0:
            continue
        if media in _WILDCARDS:
            candidates: tuple[str, ...] = (JSON,)
        elif media in _OFFERS:
            candidates = (media,)
        else:
            continue
        for candidate in candidates:
            if candidate == HTML and not allow_html:
                continue
            # Higher q wins; then earlier in the header; wildcards lose to explicit types.
            rank = (q, -order - (1000 if media in _WILDCARDS else 0), candidate)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return None if best is None else best[2]


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0
    return 1.0

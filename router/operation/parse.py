"""Parse a client document, with an LRU cache keyed by the query text.

``max_tokens`` bounds the parser's work (graphql-core counts tokens and stops at the limit),
so a large body cannot hold the event loop in the parser.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, parse

from router.errors import ParseError
from router.lru import LRUCache

__all__ = ["DocumentCache", "ParsedDocument", "parse_document"]


def parse_document(query: str, *, max_tokens: int | None = None) -> DocumentNode:
    try:
        return parse(query, no_location=False, max_tokens=max_tokens)
    except GraphQLError as exc:
        locs = [{"line": loc.line, "column": loc.column} for loc in exc.locations or ()]
        raise ParseError(exc.message, locations=locs or None) from exc


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    document: DocumentNode
    validated: bool = False
    """The document passed validation (it is not validated again)."""


class DocumentCache:
    """Query text → parsed document, remembering whether it was validated."""

    def __init__(self, size: int = 1024, *, max_tokens: int | None = None) -> None:
        self._max_tokens = max_tokens
        self._entries: LRUCache[str, ParsedDocument] = LRUCache(size)

    def get(self, query: str) -> DocumentNode:
        """The document, parsed and cached (not validated) on a miss."""
        entry = self.peek(query)
        if entry is None:
            entry = ParsedDocument(self.parse(query))
            self._entries.put(query, entry)
        return entry.document

    def parse(self, query: str) -> DocumentNode:
        """Parse without caching (thread-safe: the pipeline may call it off the event loop)."""
        return parse_document(query, max_tokens=self._max_tokens)

    def peek(self, query: str) -> ParsedDocument | None:
        return self._entries.get(query)

    def put(self, query: str, document: DocumentNode, *, validated: bool) -> None:
        self._entries.put(query, ParsedDocument(document, validated))

"""Parse a client document, with an LRU cache keyed by the query text.

``max_tokens`` bounds the parser's work (graphql-core counts tokens and stops at the limit),
so a large body cannot hold the event loop in the parser.
"""

from __future__ import annotations

from collections import OrderedDict

from graphql import DocumentNode, GraphQLError, parse

from router.errors import ParseError

__all__ = ["DocumentCache", "parse_document"]


def parse_document(query: str, *, max_tokens: int | None = None) -> DocumentNode:
    try:
        return parse(query, no_location=False, max_tokens=max_tokens)
    except GraphQLError as exc:
        locs = [{"line": loc.line, "column": loc.column} for loc in exc.locations or ()]
        raise ParseError(exc.message, locations=locs or None) from exc


class DocumentCache:
    """Query text → parsed (and, once validated, marked valid) document."""

    def __init__(self, size: int = 1024, *, max_tokens: int | None = None) -> None:
        self._size = size
        self._max_tokens = max_tokens
        self._docs: OrderedDict[str, DocumentNode] = OrderedDict()
        self.validated: set[int] = set()

    def get(self, query: str) -> DocumentNode:
        doc = self.peek(query)
        if doc is None:
            doc = self.parse(query)
            self.put(query, doc)
        return doc

    def parse(self, query: str) -> DocumentNode:
        """Parse without caching (thread-safe: the pipeline may call it off the event loop)."""
        return parse_document(query, max_tokens=self._max_tokens)

    def peek(self, query: str) -> DocumentNode | None:
        doc = self._docs.get(query)
        if doc is not None:
            self._docs.move_to_end(query)
        return doc

    def put(self, query: str, doc: DocumentNode) -> None:
        replaced = self._docs.get(query)
        if replaced is not None and replaced is not doc:  # its id may be reused once it is freed
            self.validated.discard(id(replaced))
        self._docs[query] = doc
        self._docs.move_to_end(query)
        if len(self._docs) > self._size:
            _, old = self._docs.popitem(last=False)
            self.validated.discard(id(old))

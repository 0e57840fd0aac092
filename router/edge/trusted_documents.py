"""Trusted documents: the operations a client ships, known to the router by their id.

The UI's build writes a manifest of its operations (GraphQL Code Generator's client preset,
``persistedDocuments``: ``{"<sha256 hex>": "<document>"}``; Apollo's persisted query list,
``{"operations": [{"id", "body"}]}``, is read too). A request names one by id:

- ``documentId`` (``"<hex>"`` or ``"sha256:<hex>"``, the GraphQL-over-HTTP persisted
  documents proposal), or APQ's ``extensions.persistedQuery.sha256Hash``;
- a known id runs the manifest's text (a ``query`` sent along must hash to the id);
- with ``safelist`` (``ROUTER_PERSISTED__SAFELIST=true``, production) nothing else runs:
  an unknown id is ``PERSISTED_QUERY_NOT_IN_LIST``, a freeform query whose text is not in the
  manifest ``OPERATION_NOT_IN_SAFELIST``, and APQ cannot register new queries;
- without it, anything else goes on to APQ (``router.edge.apq``) and freeform queries, as
  in development; a ``documentId`` alone that is not in the manifest answers
  ``PERSISTED_QUERY_NOT_FOUND`` so the client resends it with its ``query``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from router.edge.errors import (
    OperationNotInSafelist,
    PersistedQueryHashMismatch,
    PersistedQueryNotFound,
    PersistedQueryNotInList,
)

__all__ = ["ManifestError", "TrustedDocuments", "load_manifest"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class ManifestError(ValueError):
    """The manifest file is missing, not JSON, or not one of the two known shapes."""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document_id(raw: str) -> str:
    return raw.removeprefix("sha256:").lower()


def load_manifest(path: Path) -> dict[str, str]:
    """Read a manifest into ``{id: document}``; a sha256 id must be the hash of its text."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ManifestError(f"persisted documents manifest {path}: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("operations"), list):
        entries = [
            (op.get("id"), op.get("body")) for op in data["operations"] if isinstance(op, dict)
        ]
    elif isinstance(data, dict):
        entries = list(data.items())
    else:
        raise ManifestError(f"persisted documents manifest {path}: expected a JSON object")
    documents: dict[str, str] = {}
    for raw_id, body in entries:
        if not isinstance(raw_id, str) or not isinstance(body, str):
            raise ManifestError(f"persisted documents manifest {path}: bad entry {raw_id!r}")
        doc_id = _document_id(raw_id)
        if _SHA256.fullmatch(doc_id) and _sha256(body) != doc_id:
            raise ManifestError(
                f"persisted documents manifest {path}: {raw_id} is not the sha256 of its "
                "document (regenerate it: cd ui && npm run codegen)"
            )
        documents[doc_id] = body
    return documents


class TrustedDocuments:
    def __init__(self, documents: Mapping[str, str], *, safelist: bool = False) -> None:
        self.documents = dict(documents)
        self.safelist = safelist
        # freeform requests are matched by text: the ids of Apollo manifests are not hashes
        self._texts = frozenset(documents.values())

    def __len__(self) -> int:
        return len(self.documents)

    def resolve(
        self, query: str | None, document_id: str | None, extensions: Mapping[str, Any] | None
    ) -> str | None:
        """The manifest's text for the request, or ``None`` to let APQ / the query decide.

        Raises the refusals listed in the module docstring.
        """
        requested = document_id
        if requested is None:
            persisted = extensions.get("persistedQuery") if extensions else None
            sha = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
            requested = sha if isinstance(sha, str) else None
        if requested is None:
            if self.safelist and query is not None and query not in self._texts:
                raise OperationNotInSafelist(
                    "This router only runs the operations of its trusted documents manifest"
                )
            return None
        doc_id = _document_id(requested)
        text = self.documents.get(doc_id)
        if text is not None:
            if query is not None and query != text and _sha256(query) != doc_id:
                raise PersistedQueryHashMismatch("the query is not the document of that id")
            return text
        if self.safelist:
            raise PersistedQueryNotInList(f"unknown document id {requested!r}")
        if document_id is not None:
            if query is None:
                raise PersistedQueryNotFound("PersistedQueryNotFound")
            if _SHA256.fullmatch(doc_id) and _sha256(query) != doc_id:
                raise PersistedQueryHashMismatch("documentId is not the sha256 of the query")
        return None

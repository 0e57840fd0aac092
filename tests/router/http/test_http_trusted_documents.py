"""Trusted documents over HTTP: the manifest's ids, the safelist, and APQ beside them."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
import pytest
from graphql import parse, validate

from router.edge.trusted_documents import ManifestError, load_manifest
from router.settings import load_settings
from router.supergraph import load_supergraph
from tests.gateways import REPO_ROOT
from tests.router.http.harness import RouterFactory

KNOWN = "query Hello { hello }"
KNOWN_ID = hashlib.sha256(KNOWN.encode()).hexdigest()
OTHER = "{ me { id } }"
OTHER_ID = hashlib.sha256(OTHER.encode()).hexdigest()
UI_MANIFEST = (
    REPO_ROOT / "ui" / "src" / "lib" / "graphql" / "generated" / "persisted-documents.json"
)
HELLO = {"data": {"hello": "hello world"}}


def _apq(sha: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def _code(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_bytes(orjson.dumps({KNOWN_ID: KNOWN}))
    return path


async def test_a_known_id_runs_the_manifests_document(
    make_router: RouterFactory, manifest: Path
) -> None:
    settings = load_settings(persisted={"manifest": manifest, "safelist": True})
    async with make_router(settings) as r:
        by_id = await r.client.post("/graphql", json={"documentId": KNOWN_ID})
        prefixed = await r.client.post("/graphql", json={"documentId": f"sha256:{KNOWN_ID}"})
        by_apq = await r.client.post("/graphql", json={"extensions": _apq(KNOWN_ID)})
        by_get = await r.client.get("/graphql", params={"documentId": KNOWN_ID})
        freeform_known = await r.client.post("/graphql", json={"query": KNOWN})
    for response in (by_id, prefixed, by_apq, by_get, freeform_known):
        assert response.status_code == 200
        assert response.json() == HELLO


async def test_the_safelist_refuses_what_is_not_in_the_manifest(
    make_router: RouterFactory, manifest: Path
) -> None:
    settings = load_settings(persisted={"manifest": manifest, "safelist": True})
    async with make_router(settings) as r:
        freeform = await r.client.post("/graphql", json={"query": OTHER})
        unknown_id = await r.client.post("/graphql", json={"documentId": OTHER_ID})
        apq_register = await r.client.post(
            "/graphql", json={"query": OTHER, "extensions": _apq(OTHER_ID)}
        )
        apq_after = await r.client.post("/graphql", json={"extensions": _apq(OTHER_ID)})
        wrong_text = await r.client.post("/graphql", json={"query": OTHER, "documentId": KNOWN_ID})
        assert r.engine.seen_headers == []  # nothing reached the engine
    assert freeform.status_code == 400
    assert _code(freeform) == "OPERATION_NOT_IN_SAFELIST"
    assert _code(unknown_id) == "PERSISTED_QUERY_NOT_IN_LIST"
    assert _code(apq_register) == "PERSISTED_QUERY_NOT_IN_LIST"
    assert _code(apq_after) == "PERSISTED_QUERY_NOT_IN_LIST"
    assert _code(wrong_text) == "PERSISTED_QUERY_HASH_MISMATCH"


async def test_without_the_safelist_apq_and_freeform_queries_keep_working(
    make_router: RouterFactory, manifest: Path
) -> None:
    settings = load_settings(persisted={"manifest": manifest})
    async with make_router(settings) as r:
        known = await r.client.post("/graphql", json={"documentId": KNOWN_ID})
        freeform = await r.client.post("/graphql", json={"query": "{ hello }"})
        miss = await r.client.post("/graphql", json={"extensions": _apq(OTHER_ID)})
        register = await r.client.post(
            "/graphql", json={"query": OTHER, "extensions": _apq(OTHER_ID)}
        )
        hit = await r.client.post("/graphql", json={"extensions": _apq(OTHER_ID)})
        unknown_id = await r.client.post("/graphql", json={"documentId": OTHER_ID})
        id_and_query = await r.client.post(
            "/graphql", json={"documentId": OTHER_ID, "query": OTHER}
        )
    assert known.json() == HELLO
    assert freeform.json() == HELLO
    assert _code(miss) == "PERSISTED_QUERY_NOT_FOUND"
    assert register.json()["data"]["me"]["id"] == "1"
    assert hit.json()["data"]["me"]["id"] == "1"
    assert _code(unknown_id) == "PERSISTED_QUERY_NOT_FOUND"  # the client resends its query
    assert id_and_query.json()["data"]["me"]["id"] == "1"


def test_safelist_without_a_manifest_fails_at_start() -> None:
    with pytest.raises(ValueError, match=r"needs persisted\.manifest"):
        load_settings(persisted={"safelist": True})


def test_a_manifest_whose_ids_are_not_the_hashes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stale.json"
    path.write_bytes(orjson.dumps({OTHER_ID: KNOWN}))
    with pytest.raises(ManifestError, match="not the sha256"):
        load_manifest(path)
    apollo = tmp_path / "apollo.json"
    apollo.write_bytes(
        orjson.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": "hello-1", "name": "Hello", "type": "query", "body": KNOWN}],
            }
        )
    )
    assert load_manifest(apollo) == {"hello-1": KNOWN}


def test_the_uis_manifest_loads_and_validates_against_the_supergraph() -> None:
    """The manifest the UI's codegen writes is the one production loads: every id is its
    document's hash and every document is valid against the router's API schema."""
    documents = load_manifest(UI_MANIFEST)
    assert len(documents) > 20
    api_schema = load_supergraph((REPO_ROOT / "supergraph.graphql").read_text()).api_schema
    invalid = {
        doc_id: [e.message for e in errors]
        for doc_id, text in documents.items()
        if (errors := validate(api_schema, parse(text)))
    }
    assert not invalid

"""Supergraph loading: which @links are accepted, which are refused, and why."""

from __future__ import annotations

import pytest

from router.errors import SupergraphError
from router.supergraph import load_supergraph
from tests.router.harness import FIXTURES, supergraph


def _with_links(links: str) -> str:
    sdl = (FIXTURES / "provides.graphql").read_text(encoding="utf-8")
    head, rest = sdl.split("{\n  query: Query", 1)
    return head.rstrip() + "\n" + links + "\n{\n  query: Query" + rest


def test_join_versions_and_features_load() -> None:
    for name in ("entities", "override", "shareable", "interface_object"):
        sg = supergraph(name)
        assert sg.state.subgraphs
    versions = {link.name: link.version for link in supergraph("override").links}
    assert versions == {"link": "v1.0", "join": "v0.5"}


def test_join_v04_is_accepted() -> None:
    sdl = (FIXTURES / "provides.graphql").read_text(encoding="utf-8")
    sg = load_supergraph(sdl.replace("join/v0.3", "join/v0.4"))
    assert set(sg.state.subgraphs) == {"accounts", "reviews"}


def test_unknown_security_feature_is_refused() -> None:
    sdl = _with_links('  @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)')
    with pytest.raises(SupergraphError, match=r"authenticated/v0\.1 for SECURITY") as info:
        load_supergraph(sdl)
    assert info.value.code == "SUPERGRAPH_INVALID"
    assert info.value.hint


def test_unknown_execution_feature_is_refused() -> None:
    sdl = _with_links('  @link(url: "https://specs.apollo.dev/context/v0.1", for: EXECUTION)')
    with pytest.raises(SupergraphError, match="EXECUTION"):
        load_supergraph(sdl)


def test_unknown_feature_without_purpose_is_ignored() -> None:
    sdl = _with_links('  @link(url: "https://specs.apollo.dev/cost/v0.1")')
    assert load_supergraph(sdl).api_schema.query_type is not None


def test_unsupported_join_version_is_refused() -> None:
    sdl = (FIXTURES / "provides.graphql").read_text(encoding="utf-8")
    with pytest.raises(SupergraphError, match=r"unsupported version v0\.9"):
        load_supergraph(sdl.replace("join/v0.3", "join/v0.9"))


def test_subgraph_schema_is_not_a_supergraph() -> None:
    with pytest.raises(SupergraphError, match="not a Federation 2 supergraph"):
        load_supergraph("type Query { a: Int }")


def test_bad_sdl_is_reported() -> None:
    with pytest.raises(SupergraphError, match="does not parse"):
        load_supergraph("type Query {")


def test_routing_model_reads_join_directives() -> None:
    state = supergraph("entities").state
    assert state.subgraphs["products"].url == "http://products.local/graphql"
    product = state.type("Product")
    assert [j.key for j in product.keys_in("inventory")] == ["upc"]
    assert state.field("Product", "price") is not None
    assert state.field("Product", "price").resolvable_in == frozenset({"products"})  # type: ignore[union-attr]
    join = state.field_join("Product", "shippingEstimate", "inventory")
    assert join is not None
    assert join.requires == "price weight"


def test_progressive_override_labels() -> None:
    state = supergraph("override").state

    def owners(field: str) -> set[str]:
        f = state.field("Customer", field)
        assert f is not None
        return set(f.resolvable_in)

    assert owners("plan") == {"billing"}
    assert owners("balance") == {"billing"}
    assert owners("invoices") == {"legacy"}
    assert owners("flagged") == {"legacy"}

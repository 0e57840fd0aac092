"""Executing plans over a mock fetcher: batching, dedupe, merge, errors, null propagation."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from router.errors import SubgraphError
from router.pipeline import GraphQLRequest
from tests.router.harness import pipeline

PRODUCTS = [
    {"upc": "1", "name": "Table"},
    {"upc": "2", "name": "Chair"},
    {"upc": "1", "name": "Table"},
]


def products(body: Mapping[str, Any]) -> dict[str, Any]:
    return {"data": {"topProducts": [{"__typename": "Product", **p} for p in PRODUCTS]}}


def inventory(body: Mapping[str, Any]) -> dict[str, Any]:
    reps = body["variables"]["representations"]
    return {"data": {"_entities": [{"inStock": r["upc"] == "1"} for r in reps]}}


async def test_one_entities_call_per_subgraph_with_deduplicated_representations() -> None:
    pipe, fetcher = pipeline("entities", {"products": products, "inventory": inventory})
    out = await pipe.execute(GraphQLRequest("{ topProducts { name inStock } }"))
    assert out.response == {
        "data": {
            "topProducts": [
                {"name": "Table", "inStock": True},
                {"name": "Chair", "inStock": False},
                {"name": "Table", "inStock": True},
            ]
        }
    }
    assert [name for name, _ in fetcher.calls] == ["products", "inventory"]
    reps = fetcher.calls[1][1]["variables"]["representations"]
    assert reps == [{"__typename": "Product", "upc": "1"}, {"__typename": "Product", "upc": "2"}]


async def test_subgraph_errors_get_client_paths() -> None:
    def failing_inventory(body: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "data": {"_entities": [{"inStock": True}, None]},
            "errors": [{"message": "no stock for 2", "path": ["_entities", 1, "inStock"]}],
        }

    pipe, _ = pipeline("entities", {"products": products, "inventory": failing_inventory})
    out = await pipe.execute(GraphQLRequest("{ topProducts { name inStock } }"))
    assert out.response["data"]["topProducts"][1] == {"name": "Chair", "inStock": None}
    assert out.response["errors"] == [
        {
            "message": "no stock for 2",
            "path": ["topProducts", 1, "inStock"],
            "extensions": {"service": "inventory"},
        }
    ]


async def test_failed_subgraph_gives_partial_data() -> None:
    async def down(body: Mapping[str, Any]) -> dict[str, Any]:
        raise SubgraphError("subgraph 'inventory' timed out", subgraph="inventory")

    pipe, _ = pipeline("entities", {"products": products, "inventory": down})
    out = await pipe.execute(GraphQLRequest("{ topProducts { name inStock } }"))
    assert out.response["data"]["topProducts"][0] == {"name": "Table", "inStock": None}
    [err] = out.response["errors"]
    assert err["extensions"] == {"code": "SUBREQUEST_HTTP_ERROR", "service": "inventory"}
    assert err["path"] == ["topProducts", 0]


async def test_nulls_propagate_to_the_nearest_nullable_parent() -> None:
    def accounts(body: Mapping[str, Any]) -> dict[str, Any]:
        return {"data": {"me": {"__typename": "User", "id": "u1", "username": None}}}

    pipe, _ = pipeline("entities", {"accounts": accounts})
    out = await pipe.execute(GraphQLRequest("{ me { id username } }"))
    assert out.response["data"] == {"me": None}
    assert out.response["errors"][0]["path"] == ["me", "username"]


async def test_requires_fields_are_sent_but_not_returned() -> None:
    def products_with_weight(body: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "data": {
                "topProducts": [{"__typename": "Product", "upc": "1", "price": 10, "weight": 2}]
            }
        }

    def estimate(body: Mapping[str, Any]) -> dict[str, Any]:
        [rep] = body["variables"]["representations"]
        return {"data": {"_entities": [{"shippingEstimate": rep["price"] * rep["weight"]}]}}

    pipe, fetcher = pipeline("entities", {"products": products_with_weight, "inventory": estimate})
    out = await pipe.execute(GraphQLRequest("{ topProducts { shippingEstimate } }"))
    assert out.response == {"data": {"topProducts": [{"shippingEstimate": 20}]}}
    assert fetcher.calls[1][1]["variables"]["representations"] == [
        {"__typename": "Product", "upc": "1", "price": 10, "weight": 2}
    ]


async def test_mutation_root_fields_run_in_order() -> None:
    order: list[str] = []

    async def products_m(body: Mapping[str, Any]) -> dict[str, Any]:
        await asyncio.sleep(0.01)
        order.append("products:" + ("delete" if "delete" in body["query"] else "create"))
        if "deleteProduct" in body["query"]:
            return {"data": {"c": True}}
        return {"data": {"a": {"upc": "1"}}}

    def reviews_m(body: Mapping[str, Any]) -> dict[str, Any]:
        order.append("reviews")
        return {"data": {"b": {"id": "r1"}}}

    pipe, _ = pipeline("entities", {"products": products_m, "reviews": reviews_m})
    out = await pipe.execute(
        GraphQLRequest(
            'mutation { a: createProduct(upc: "1") { upc } '
            'b: createReview(upc: "1", body: "x") { id } c: deleteProduct(upc: "2") }'
        )
    )
    assert out.response == {"data": {"a": {"upc": "1"}, "b": {"id": "r1"}, "c": True}}
    assert order == ["products:create", "reviews", "products:delete"]
    assert out.operation_type == "mutation"


async def test_aliases_typename_and_variables() -> None:
    def products_v(body: Mapping[str, Any]) -> dict[str, Any]:
        assert body["variables"] == {"n": 1}
        return {"data": {"best": [{"title": "Table"}]}}

    pipe, fetcher = pipeline("entities", {"products": products_v})
    out = await pipe.execute(
        GraphQLRequest(
            "query Top($n: Int) { __typename "
            "best: topProducts(first: $n) { __typename title: name } }",
            variables={"n": 1},
            operation_name="Top",
        )
    )
    assert out.response == {
        "data": {"__typename": "Query", "best": [{"__typename": "Product", "title": "Table"}]}
    }
    assert fetcher.calls[0][1]["operationName"] == "Top__products__0"


async def test_enum_values_outside_the_api_schema_become_null_with_error() -> None:
    def names(body: Mapping[str, Any]) -> dict[str, Any]:
        return {"data": {"deal": {"id": "d1", "kind": "RETIRED"}}}

    pipe, _ = pipeline("shareable", {"names": names})
    out = await pipe.execute(GraphQLRequest("{ deal { id kind } }"))
    assert out.response["data"] == {"deal": {"id": "d1", "kind": None}}
    assert out.response["errors"][0]["path"] == ["deal", "kind"]


async def test_interface_object_answers_keep_the_concrete_typename() -> None:
    def accounts(body: Mapping[str, Any]) -> dict[str, Any]:
        return {"data": {"accounts": [{"__typename": "Admin", "id": "a1"}]}}

    def activity(body: Mapping[str, Any]) -> dict[str, Any]:
        assert body["variables"]["representations"] == [{"__typename": "Account", "id": "a1"}]
        return {"data": {"_entities": [{"__typename": "Account", "lastSeen": "today"}]}}

    pipe, _ = pipeline("interface_object", {"accounts": accounts, "activity": activity})
    out = await pipe.execute(GraphQLRequest("{ accounts { __typename id lastSeen } }"))
    assert out.response == {
        "data": {"accounts": [{"__typename": "Admin", "id": "a1", "lastSeen": "today"}]}
    }


async def test_batch_fetch_sends_one_request_per_subgraph_and_step() -> None:
    def products_two(body: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "data": {
                "topProducts": [{"__typename": "Product", "upc": "1"}],
                "product": {"__typename": "Product", "upc": "2"},
            }
        }

    def inventory_batch(body: Mapping[str, Any]) -> dict[str, Any]:
        variables = body["variables"]
        assert variables["representations_0"] == [{"__typename": "Product", "upc": "1"}]
        assert variables["representations_1"] == [{"__typename": "Product", "upc": "2"}]
        return {
            "data": {"_0": [{"inStock": True}], "_1": [None]},
            "errors": [{"message": "gone", "path": ["_1", 0, "inStock"]}],
        }

    pipe, fetcher = pipeline("entities", {"products": products_two, "inventory": inventory_batch})
    out = await pipe.execute(
        GraphQLRequest('{ topProducts { inStock } product(upc: "2") { inStock } }')
    )
    assert [name for name, _ in fetcher.calls] == ["products", "inventory"]
    assert out.response["data"] == {
        "topProducts": [{"inStock": True}],
        "product": {"inStock": None},
    }
    assert out.response["errors"][0]["path"] == ["product", "inStock"]


async def test_objects_with_null_keys_get_no_representation() -> None:
    def products_null(body: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "data": {
                "topProducts": [
                    {"__typename": "Product", "upc": "1", "name": "Table"},
                    {"__typename": "Product", "name": "Ghost"},
                ]
            }
        }

    pipe, fetcher = pipeline("entities", {"products": products_null, "inventory": inventory})
    out = await pipe.execute(GraphQLRequest("{ topProducts { name inStock } }"))
    assert fetcher.calls[1][1]["variables"]["representations"] == [
        {"__typename": "Product", "upc": "1"}
    ]
    assert out.response["data"] == {
        "topProducts": [{"name": "Table", "inStock": True}, {"name": "Ghost", "inStock": None}]
    }


async def test_headers_are_forwarded_to_every_subgraph() -> None:
    seen: list[Mapping[str, str]] = []

    class Recording:
        async def fetch(
            self, subgraph: str, body: Mapping[str, Any], headers: Mapping[str, str]
        ) -> dict[str, Any]:
            seen.append(headers)
            return products(body) if subgraph == "products" else inventory(body)

        async def aclose(self) -> None:
            return None

    from router.pipeline import Pipeline
    from tests.router.harness import supergraph

    pipe = Pipeline(supergraph("entities"), Recording())
    await pipe.execute(GraphQLRequest("{ topProducts { inStock } }"), headers={"x-track-id": "t1"})
    assert [dict(h) for h in seen] == [{"x-track-id": "t1"}, {"x-track-id": "t1"}]

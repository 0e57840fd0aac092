"""Batching: entity fetches of one stage to one subgraph become one BatchFetch request."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_two_paths_one_subgraph_one_stage_share_a_request() -> None:
    assert_plan(
        "entities",
        '{ topProducts { inStock } product(upc: "1") { inStock } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                }
                product(upc: "1") {
                  __typename
                  upc
                }
              }
            },
            BatchFetch(service: "inventory") {
              Flatten(path: "topProducts.@") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      inStock
                    }
                  }
                },
              },
              Flatten(path: "product") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      inStock
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_same_path_entity_moves_merge_into_one_fetch() -> None:
    assert_plan(
        "entities",
        "{ topProducts { inStock shippingEstimate } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  price
                  weight
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    price
                    weight
                  }
                } =>
                {
                  ... on Product {
                    inStock
                    shippingEstimate
                  }
                }
              },
            },
          },
        }
        """,
    )

"""Mutations: root fields run in order; consecutive fields of one subgraph share a fetch."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_mutations_run_in_sequence() -> None:
    assert_plan(
        "entities",
        'mutation { a: createProduct(upc: "1") { upc name } '
        'b: createReview(upc: "1", body: "ok") { id } c: deleteProduct(upc: "2") }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                a: createProduct(upc: "1") {
                  upc
                  name
                }
              }
            },
            Fetch(service: "reviews") {
              {
                b: createReview(upc: "1", body: "ok") {
                  id
                }
              }
            },
            Fetch(service: "products") {
              {
                c: deleteProduct(upc: "2")
              }
            },
          },
        }
        """,
    )


def test_entity_fetches_follow_their_mutation() -> None:
    assert_plan(
        "entities",
        'mutation { createProduct(upc: "1") { name inStock } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                createProduct(upc: "1") {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "createProduct") {
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
        }
        """,
    )

"""@requires: required fields are fetched first and sent in the representation."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_requires_external_fields_from_owner() -> None:
    assert_plan(
        "entities",
        "{ topProducts { shippingEstimate } }",
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
                    shippingEstimate
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requires_alongside_client_fields() -> None:
    assert_plan(
        "entities",
        "{ topProducts { name price shippingEstimate inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  price
                  __typename
                  upc
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
                    shippingEstimate
                    inStock
                  }
                }
              },
            },
          },
        }
        """,
    )

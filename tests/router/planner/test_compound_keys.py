"""Compound and multiple keys: the move picks a key the source can provide."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_compound_key_with_nested_selection() -> None:
    assert_plan(
        "compound_keys",
        "{ items { title price } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                items {
                  title
                  __typename
                  sku
                  store {
                    id
                  }
                }
              }
            },
            Flatten(path: "items.@") {
              Fetch(service: "pricing") {
                {
                  ... on Item {
                    __typename
                    sku
                    store {
                      id
                    }
                  }
                } =>
                {
                  ... on Item {
                    price
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_second_key_for_another_subgraph() -> None:
    assert_plan(
        "compound_keys",
        "{ items { price quantity } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                items {
                  __typename
                  sku
                  store {
                    id
                  }
                  id
                }
              }
            },
            Parallel {
              Flatten(path: "items.@") {
                Fetch(service: "pricing") {
                  {
                    ... on Item {
                      __typename
                      sku
                      store {
                        id
                      }
                    }
                  } =>
                  {
                    ... on Item {
                      price
                    }
                  }
                },
              },
              Flatten(path: "items.@") {
                Fetch(service: "stock") {
                  {
                    ... on Item {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Item {
                      quantity
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )

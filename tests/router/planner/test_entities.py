"""Entity moves by @key: single key, nested entities, one fetch per subgraph per step."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_single_key_entity_move() -> None:
    assert_plan(
        "entities",
        "{ topProducts { name inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  upc
                }
              }
            },
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
          },
        }
        """,
    )


def test_nested_entities_chain() -> None:
    assert_plan(
        "entities",
        "{ topProducts { name reviews { body author { name } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      body
                      author {
                        __typename
                        id
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "topProducts.@.reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_same_subgraph_fields_share_one_fetch() -> None:
    assert_plan(
        "entities",
        "{ me { name username reviews { body product { name inStock } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                me {
                  name
                  username
                  __typename
                  id
                }
              }
            },
            Flatten(path: "me") {
              Fetch(service: "reviews") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    reviews {
                      body
                      product {
                        __typename
                        upc
                      }
                    }
                  }
                }
              },
            },
            Parallel {
              Flatten(path: "me.reviews.@.product") {
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
              Flatten(path: "me.reviews.@.product") {
                Fetch(service: "products") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      name
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_arguments_and_variables_are_forwarded() -> None:
    assert_plan(
        "entities",
        "query Top($n: Int) { topProducts(first: $n) { name } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts(first: $n) {
                name
              }
            }
          },
        }
        """,
    )


def test_aliases_are_kept_in_subgraph_queries() -> None:
    assert_plan(
        "entities",
        "{ best: topProducts { title: name stock: inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                best: topProducts {
                  title: name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "best.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    stock: inStock
                  }
                }
              },
            },
          },
        }
        """,
    )

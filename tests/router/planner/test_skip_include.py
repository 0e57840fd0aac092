"""@skip/@include are decided before planning; the plan is cached per decision."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_skipped_field_is_not_fetched() -> None:
    assert_plan(
        "entities",
        "query Q($s: Boolean!) { topProducts { name inStock @skip(if: $s) } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                name
              }
            }
          },
        }
        """,
        variables={"s": True},
    )


def test_included_field_is_fetched() -> None:
    assert_plan(
        "entities",
        "query Q($s: Boolean!) { topProducts { name inStock @skip(if: $s) } }",
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
        variables={"s": False},
    )


def test_include_false_on_fragment() -> None:
    assert_plan(
        "entities",
        "{ topProducts { name ... @include(if: false) { reviews { body } } } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                name
              }
            }
          },
        }
        """,
    )

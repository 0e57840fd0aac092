"""Interfaces and unions: selections are exploded per possible type in the subgraph."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_union_members_move_separately() -> None:
    assert_plan(
        "abstract_types",
        "{ feed { ... on Book { title stars } ... on Movie { minutes } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "media") {
              {
                feed {
                  __typename
                  ... on Book {
                    title
                    __typename
                    id
                  }
                  ... on Movie {
                    minutes
                  }
                }
              }
            },
            Flatten(path: "feed.@") {
              Fetch(service: "ratings") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    stars
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_field_with_entity_move() -> None:
    assert_plan(
        "abstract_types",
        "query S($t: String!) { search(term: $t) { title ... on Movie { stars } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "media") {
              {
                search(term: $t) {
                  __typename
                  ... on Book {
                    title
                  }
                  ... on Movie {
                    title
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "search.@") {
              Fetch(service: "ratings") {
                {
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    stars
                  }
                }
              },
            },
          },
        }
        """,
        variables={"t": "x"},
    )


def test_typename_only() -> None:
    assert_plan(
        "abstract_types",
        "{ feed { __typename } }",
        """
        QueryPlan {
          Fetch(service: "media") {
            {
              feed {
                __typename
                ... on Book {
                  __typename
                }
                ... on Movie {
                  __typename
                }
              }
            }
          },
        }
        """,
    )

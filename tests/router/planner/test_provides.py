"""@provides: a provided external field stays in the providing fetch."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_provided_field_needs_no_entity_move() -> None:
    assert_plan(
        "provides",
        "{ latestReviews { body author { name } } }",
        """
        QueryPlan {
          Fetch(service: "reviews") {
            {
              latestReviews {
                body
                author {
                  name
                }
              }
            }
          },
        }
        """,
    )


def test_unprovided_field_moves_to_owner() -> None:
    assert_plan(
        "provides",
        "{ latestReviews { author { name email } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                latestReviews {
                  author {
                    name
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "latestReviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    email
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_provides_does_not_apply_to_other_fields() -> None:
    assert_plan(
        "provides",
        "{ latestReviews { editor { name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                latestReviews {
                  editor {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "latestReviews.@.editor") {
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

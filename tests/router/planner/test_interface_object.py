"""@interfaceObject: interface fields from a subgraph that sees the interface as an object."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_concrete_types_reach_interface_object() -> None:
    assert_plan(
        "interface_object",
        "{ accounts { id lastSeen } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                accounts {
                  __typename
                  ... on Admin {
                    id
                    __typename
                  }
                  ... on Member {
                    id
                    __typename
                  }
                }
              }
            },
            Flatten(path: "accounts.@") {
              Fetch(service: "activity") {
                {
                  ... on Admin {
                    __typename
                    id
                  }
                  ... on Member {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Account {
                    lastSeen
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_object_asks_owner_for_concrete_type() -> None:
    assert_plan(
        "interface_object",
        "{ recent { __typename id lastSeen ... on Admin { level } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "activity") {
              {
                recent {
                  id
                  lastSeen
                  __typename
                }
              }
            },
            Flatten(path: "recent.@") {
              Fetch(service: "accounts") {
                {
                  ... on Account {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Account {
                    __typename
                    ... on Admin {
                      __typename
                      level
                    }
                    ... on Member {
                      __typename
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_object_fields_only() -> None:
    assert_plan(
        "interface_object",
        "{ recent { id lastSeen } }",
        """
        QueryPlan {
          Fetch(service: "activity") {
            {
              recent {
                id
                lastSeen
              }
            }
          },
        }
        """,
    )

"""@shareable value types: a root field no single subgraph can serve is split."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_shareable_root_split_between_subgraphs() -> None:
    assert_plan(
        "shareable",
        "{ deal { id name amount } }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "names") {
              {
                deal {
                  id
                  name
                }
              }
            },
            Fetch(service: "prices") {
              {
                deal {
                  amount
                }
              }
            },
          },
        }
        """,
    )


def test_shareable_root_single_subgraph() -> None:
    assert_plan(
        "shareable",
        "{ deal { id name kind } }",
        """
        QueryPlan {
          Fetch(service: "names") {
            {
              deal {
                id
                name
                kind
              }
            }
          },
        }
        """,
    )

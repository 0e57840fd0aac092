"""Sibling fragments whose fields differ in type in the subgraph (``ID!`` vs ``ID``) are
aliased, or the subgraph would reject the query; the executor renames them back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.pipeline import GraphQLRequest
from tests.router.harness import assert_plan, pipeline

QUERY = "{ members { ... on Person { id name } ... on Robot { id name } } }"


def test_clashing_field_types_are_aliased() -> None:
    assert_plan(
        "type_mismatch",
        QUERY,
        """
        QueryPlan {
          Fetch(service: "directory") {
            {
              members {
                __typename
                ... on Person {
                  id
                  name
                }
                ... on Robot {
                  id__alias_Robot: id
                  name
                }
              }
            }
          },
        }
        """,
    )


async def test_aliases_are_renamed_back_before_merging() -> None:
    def directory(body: Mapping[str, Any]) -> dict[str, Any]:
        assert "id__alias_Robot: id" in body["query"]
        return {
            "data": {
                "members": [
                    {"__typename": "Person", "id": "p1", "name": "Ada"},
                    {"__typename": "Robot", "id__alias_Robot": None, "name": "R2"},
                ]
            }
        }

    pipe, _ = pipeline("type_mismatch", {"directory": directory})
    out = await pipe.execute(GraphQLRequest(QUERY))
    assert out.response == {
        "data": {"members": [{"id": "p1", "name": "Ada"}, {"id": None, "name": "R2"}]}
    }

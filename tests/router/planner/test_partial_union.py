"""Partial unions: a union whose members differ between the subgraphs that share its field.

The fixture's ``Item`` is ``Jar | Can`` in larder and ``Jar | Bottle`` in cellar. Below a
``@shareable`` path more than one subgraph may answer (``Shelf`` is an entity in both, so
``Shelf.box`` could come from either), and only the members every one of them knows are
asked for: the others come back with ``__typename`` only and their fields null, as Hive
Router, Apollo Router and Apollo Gateway answer (the federation gateway audit's
``partial-union-complex``). A path only one subgraph serves keeps all of its members
(``partial-union``), and an entity move uses the target subgraph's members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from router.pipeline import GraphQLRequest
from tests.router.harness import assert_plan, pipeline

ITEMS = "items { __typename ... on Jar { label } ... on Can { tin } ... on Bottle { vintage } }"


def test_shareable_path_below_an_entity_keeps_the_common_members() -> None:
    assert_plan(
        "partial_union",
        f"{{ pantry {{ box {{ {ITEMS} }} }} }}",
        """
        QueryPlan {
          Fetch(service: "larder") {
            {
              pantry {
                box {
                  items {
                    __typename
                    ... on Jar {
                      __typename
                      label
                    }
                  }
                }
              }
            }
          },
        }
        """,
    )


def test_shareable_root_field_keeps_the_common_members() -> None:
    assert_plan(
        "partial_union",
        f"{{ anyShelf {{ box {{ {ITEMS} }} }} }}",
        """
        QueryPlan {
          Fetch(service: "cellar") {
            {
              anyShelf {
                box {
                  items {
                    __typename
                    ... on Jar {
                      __typename
                      label
                    }
                  }
                }
              }
            }
          },
        }
        """,
    )


def test_path_only_one_subgraph_serves_keeps_all_its_members() -> None:
    assert_plan(
        "partial_union",
        f"{{ order {{ {ITEMS} }} }}",
        """
        QueryPlan {
          Fetch(service: "larder") {
            {
              order {
                items {
                  __typename
                  ... on Can {
                    __typename
                    tin
                  }
                  ... on Jar {
                    __typename
                    label
                  }
                }
              }
            }
          },
        }
        """,
    )


def test_entity_move_uses_the_target_subgraphs_members() -> None:
    assert_plan(
        "partial_union",
        f"{{ pantry {{ cellarBox {{ {ITEMS} }} }} }}",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "larder") {
              {
                pantry {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "pantry") {
              Fetch(service: "cellar") {
                {
                  ... on Shelf {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Shelf {
                    cellarBox {
                      items {
                        __typename
                        ... on Bottle {
                          __typename
                          vintage
                        }
                        ... on Jar {
                          __typename
                          label
                        }
                      }
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


async def test_a_member_not_asked_for_answers_its_fields_null() -> None:
    def larder(body: Mapping[str, Any]) -> dict[str, Any]:
        assert "Can" not in body["query"]
        items = [{"__typename": "Jar", "label": "jam"}, {"__typename": "Can"}]
        return {"data": {"pantry": {"box": {"items": items}}}}

    pipe, _ = pipeline("partial_union", {"larder": larder})
    out = await pipe.execute(GraphQLRequest(f"{{ pantry {{ box {{ {ITEMS} }} }} }}"))
    items = [{"__typename": "Jar", "label": "jam"}, {"__typename": "Can", "tin": None}]
    assert out.response == {"data": {"pantry": {"box": {"items": items}}}}

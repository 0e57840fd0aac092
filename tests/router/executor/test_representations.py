"""Representations and paths of the executor's fast paths (no subgraphs: pure functions)."""

from __future__ import annotations

from typing import Any

from router.executor.merge import deep_merge
from router.executor.representations import (
    build_representations,
    objects_at,
    path_list,
    paths_of,
)
from router.planner.fetch_graph import Representation
from router.planner.selection import FieldSel, SelNode


def _rule(*fields: str, match: str = "Product") -> Representation:
    sel = SelNode(fields={f: FieldSel(name=f, response_key=f) for f in fields})
    return Representation(match=match, send_typename=match, selection=sel)


def _never(condition: str | None, typename: str) -> bool:
    return False


def test_one_key_deduplicates_on_the_value_and_skips_objects_without_it() -> None:
    objects: list[dict[str, Any]] = [
        {"__typename": "Product", "upc": "1"},
        {"__typename": "Product", "upc": "2"},
        {"__typename": "Product", "upc": "1"},
        {"__typename": "Product"},  # no key: no representation
        {"__typename": "User", "upc": "1"},  # another type
        {"__typename": "Product", "upc": 1},  # an int is not the string "1"
    ]
    reps, targets = build_representations(objects, (_rule("upc"),), _never)
    assert reps == [
        {"upc": "1", "__typename": "Product"},
        {"upc": "2", "__typename": "Product"},
        {"upc": 1, "__typename": "Product"},
    ]
    assert targets == [[0, 2], [1], [5]]


def test_several_leaf_fields_deduplicate_as_json_would() -> None:
    # 1 == 1.0 == True in Python, but they are three different representations in JSON.
    objects: list[dict[str, Any]] = [
        {"__typename": "Product", "upc": "1", "price": 1},
        {"__typename": "Product", "upc": "1", "price": 1.0},
        {"__typename": "Product", "upc": "1", "price": True},
        {"__typename": "Product", "upc": "1", "price": 1},
        {"__typename": "Product", "upc": "1", "price": [1, 2]},  # unhashable: JSON text
        {"__typename": "Product", "upc": "1", "price": [1, 2]},
        {"__typename": "Product", "upc": "1"},  # a field missing: no representation
    ]
    reps, targets = build_representations(objects, (_rule("upc", "price"),), _never)
    assert [r["price"] for r in reps] == [1, 1.0, True, [1, 2]]
    assert [type(r["price"]) for r in reps] == [int, float, bool, list]
    assert targets == [[0, 3], [1], [2], [4, 5]]
    assert list(reps[0]) == ["upc", "price", "__typename"]


def test_objects_at_and_their_paths_found_later() -> None:
    data: dict[str, Any] = {
        "users": [
            {"reviews": [{"product": {"upc": "1"}}, {"product": None}]},
            None,
            {"reviews": [[{"product": {"upc": "2"}}]]},  # a list of lists
        ]
    }
    path = ("users", "@", "reviews", "@", "product")
    found = objects_at(data, path)
    assert found == [{"upc": "1"}, {"upc": "2"}]
    located = paths_of(data, path)
    assert [path_list(located[id(obj)]) for obj in found] == [
        ["users", 0, "reviews", 0, "product"],
        ["users", 2, "reviews", 0, 0, "product"],
    ]


def test_merge_into_an_object_without_those_keys_keeps_the_answer_as_is() -> None:
    target: dict[str, Any] = {"upc": "1"}
    deep_merge(target, {"name": "Table", "price": None}, lambda _: True)
    assert target == {"upc": "1", "name": "Table", "price": None}
    deep_merge(target, {"name": None, "price": 3}, lambda _: True)
    assert target == {"upc": "1", "name": "Table", "price": 3}

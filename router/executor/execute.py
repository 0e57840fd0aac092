"""execute_plan_node: run a query plan against the subgraphs and merge their answers.

Sequence runs in order, Parallel concurrently (``asyncio.gather``), a Flatten'd Fetch
builds one deduplicated ``_entities`` call for every object at its path. A failing fetch
never fails the request: its error is recorded and the data it would have brought stays
missing, which projection turns into nulls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from router.errors import SubgraphError
from router.executor.fetcher import SubgraphFetcher
from router.executor.merge import deep_merge, rename_aliases
from router.executor.representations import (
    LinkedPath,
    build_representations,
    objects_at,
    path_list,
    paths_of,
)
from router.planner.nodes import (
    BatchFetchNode,
    FetchNode,
    FlattenNode,
    ParallelNode,
    PlanNode,
    SequenceNode,
)
from router.types import MergePath, ResponsePath

__all__ = ["ExecutionState", "execute_plan_node"]


@dataclass(slots=True)
class ExecutionState:
    fetcher: SubgraphFetcher
    variables: Mapping[str, Any]
    headers: Mapping[str, str]
    applies: Callable[[str | None, str], bool]
    is_object_type: Callable[[str], bool]
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)


async def execute_plan_node(node: PlanNode, st: ExecutionState) -> None:
    if isinstance(node, SequenceNode):
        for n in node.nodes:
            await execute_plan_node(n, st)
    elif isinstance(node, ParallelNode):
        await asyncio.gather(*(execute_plan_node(n, st) for n in node.nodes))
    elif isinstance(node, FlattenNode):
        await _entity_fetch(node, st)
    elif isinstance(node, BatchFetchNode):
        await _batch_fetch(node, st)
    else:
        await _root_fetch(node, st)


def _body(fetch: FetchNode | BatchFetchNode, st: ExecutionState) -> dict[str, Any]:
    variables = {k: st.variables[k] for k in fetch.variable_usages if k in st.variables}
    body: dict[str, Any] = {"query": fetch.operation, "variables": variables}
    if fetch.operation_name:
        body["operationName"] = fetch.operation_name
    return body


def _subgraph_errors(
    fetch: FetchNode | BatchFetchNode,
    errors: Any,
    st: ExecutionState,
    rewrite: Callable[[list[Any]], ResponsePath | None] | None = None,
) -> None:
    if not isinstance(errors, list):
        return
    for e in errors:
        if not isinstance(e, dict):
            continue
        out: dict[str, Any] = {"message": e.get("message", "subgraph error")}
        path = e.get("path")
        if isinstance(path, list):
            new = rewrite(path) if rewrite else path
            if new is not None:
                out["path"] = new
        ext = dict(e.get("extensions") or {})
        ext.setdefault("service", fetch.service)
        out["extensions"] = ext
        st.errors.append(out)


PathOf = Callable[[], ResponsePath | None]
"""The response path a failed fetch's error points at, found only if there is an error."""


async def _call(
    fetch: FetchNode | BatchFetchNode,
    body: dict[str, Any],
    st: ExecutionState,
    path_of: PathOf | None,
) -> dict[str, Any] | None:
    try:
        return await st.fetcher.fetch(fetch.service, body, st.headers)
    except SubgraphError as exc:
        err = exc.to_graphql()
        path = path_of() if path_of is not None else None
        if path:
            err["path"] = path
        st.errors.append(err)
    except Exception as exc:  # a buggy fetcher must not fail the whole request
        failure = SubgraphError(
            f"fetch from {fetch.service!r} failed: {exc}", subgraph=fetch.service
        )
        st.errors.append(failure.to_graphql())
    return None


class _Located:
    """The response paths of one Flatten's objects, walked only when an error needs them."""

    __slots__ = ("_data", "_objects", "_path", "_paths")

    def __init__(self, data: Any, path: MergePath, objects: list[dict[str, Any]]) -> None:
        self._data, self._path, self._objects = data, path, objects
        self._paths: dict[int, LinkedPath] | None = None

    def path(self, index: int) -> ResponsePath | None:
        """The response path of ``objects[index]`` (None if it moved: never, by design)."""
        if self._paths is None:
            self._paths = paths_of(self._data, self._path)
        obj = self._objects[index]
        at = self._paths.get(id(obj), _NOWHERE)
        return None if at is _NOWHERE else path_list(at)  # type: ignore[arg-type]


_NOWHERE = object()


def _merge_entity(
    objects: list[dict[str, Any]],
    indexes: list[int],
    entity: dict[str, Any],
    is_object_type: Callable[[str], bool],
) -> None:
    """Merge one ``_entities`` answer into every object its representation stood for; an
    object that has none of its keys yet (the usual case) takes them in one ``update``."""
    for n in indexes:
        target = objects[n]
        if target.keys().isdisjoint(entity):
            target.update(entity)
        else:
            deep_merge(target, entity, is_object_type)


async def _root_fetch(fetch: FetchNode, st: ExecutionState) -> None:
    resp = await _call(fetch, _body(fetch, st), st, None)
    if resp is None:
        return
    data = resp.get("data")
    if isinstance(data, dict):
        if fetch.renames is not None:
            rename_aliases(data, fetch.renames)
        deep_merge(st.data, data, st.is_object_type)
    _subgraph_errors(fetch, resp.get("errors"), st)


async def _entity_fetch(node: FlattenNode, st: ExecutionState) -> None:
    fetch = node.node
    objects = objects_at(st.data, node.path)
    if not objects:
        return
    reps, targets = build_representations(objects, fetch.requires, st.applies)
    if not reps:
        return
    body = _body(fetch, st)
    body["variables"]["representations"] = reps
    located = _Located(st.data, node.path, objects)
    resp = await _call(fetch, body, st, lambda: located.path(targets[0][0]))
    if resp is None:
        return
    data = resp.get("data")
    entities = data.get("_entities") if isinstance(data, dict) else None
    if isinstance(entities, list):
        if fetch.renames is not None:
            rename_aliases(entities, fetch.renames)
        for i, ent in enumerate(entities[: len(targets)]):
            if type(ent) is dict:
                _merge_entity(objects, targets[i], ent, st.is_object_type)

    def rewrite(path: list[Any]) -> ResponsePath | None:
        if (
            len(path) >= 2
            and path[0] == "_entities"
            and isinstance(path[1], int)
            and 0 <= path[1] < len(targets)
        ):
            at = located.path(targets[path[1]][0])
            return None if at is None else [*at, *path[2:]]
        return None

    if resp.get("errors"):
        _subgraph_errors(fetch, resp["errors"], st, rewrite)


async def _batch_fetch(node: BatchFetchNode, st: ExecutionState) -> None:
    """Several Flatten fetches to one subgraph in one request (aliased ``_entities``)."""
    body = _body(node, st)
    variables = body["variables"]
    prepared = []
    any_reps = False
    for i, flat in enumerate(node.fetches):
        objects = objects_at(st.data, flat.path)
        reps, targets = build_representations(objects, flat.node.requires, st.applies)
        variables[f"representations_{i}"] = reps
        any_reps = any_reps or bool(reps)
        prepared.append((flat, _Located(st.data, flat.path, objects), objects, targets))
    if not any_reps:
        return

    def first_path() -> ResponsePath | None:
        return next((at.path(t[0][0]) for _, at, _, t in prepared if t), None)

    resp = await _call(node, body, st, first_path)
    if resp is None:
        return
    data = resp.get("data")
    is_object_type = st.is_object_type
    for i, (flat, _, objects, targets) in enumerate(prepared):
        entities = data.get(f"_{i}") if isinstance(data, dict) else None
        if not isinstance(entities, list):
            continue
        if flat.node.renames is not None:
            rename_aliases(entities, flat.node.renames)
        for n, ent in enumerate(entities[: len(targets)]):
            if type(ent) is dict:
                _merge_entity(objects, targets[n], ent, is_object_type)

    def rewrite(path: list[Any]) -> ResponsePath | None:
        if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
            alias = path[0]
            if alias.startswith("_") and alias[1:].isdigit() and int(alias[1:]) < len(prepared):
                _, located, _, targets = prepared[int(alias[1:])]
                if 0 <= path[1] < len(targets):
                    at = located.path(targets[path[1]][0])
                    return None if at is None else [*at, *path[2:]]
        return None

    if resp.get("errors"):
        _subgraph_errors(node, resp["errors"], st, rewrite)

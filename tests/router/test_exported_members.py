"""The public API of ``router`` is exactly its sorted ``__all__``."""

from __future__ import annotations

import router
import router.executor
import router.operation
import router.planner
import router.supergraph


def test_all_is_sorted_and_importable() -> None:
    for module in (router, router.executor, router.operation, router.planner, router.supergraph):
        names = list(module.__all__)
        assert names == sorted(names, key=str.casefold) or names == sorted(names), module
        for name in names:
            assert hasattr(module, name), (module.__name__, name)

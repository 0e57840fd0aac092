"""``python -m router`` (and every service) tunes the garbage collector once at start-up
(common.runtime.tune_gc, called by router.__main__ and common.service.serve)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from common.runtime import tune_gc
from router.settings import RouterSettings


@pytest.fixture
def restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


@pytest.mark.usefixtures("restore_gc")
def test_threshold_raised_and_start_up_objects_frozen() -> None:
    _, gen1, gen2 = gc.get_threshold()
    tune_gc(50_000)
    assert gc.get_threshold() == (50_000, gen1, gen2)
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("restore_gc")
def test_zero_keeps_the_interpreter_defaults() -> None:
    before = gc.get_threshold()
    tune_gc(0)
    assert gc.get_threshold() == before


def test_default_setting() -> None:
    assert RouterSettings().gc_gen0_threshold == 50_000
    assert RouterSettings(gc_gen0_threshold=0).gc_gen0_threshold == 0

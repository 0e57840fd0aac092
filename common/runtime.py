"""Interpreter tuning every server process applies once it has built its app."""

from __future__ import annotations

import gc

__all__ = ["tune_gc"]


def tune_gc(gen0_threshold: int) -> None:
    """Freeze start-up objects out of the collector's sight and collect young objects less often.

    Every request allocates thousands of short-lived objects (parsed bodies, ORM rows, result
    dicts, asyncio tasks and futures); with the default threshold (700) the collector keeps
    re-scanning what is in flight, which grows with concurrency: under the gateways benchmark at
    50 connections this cost the router a third of its CPU, and py-spy showed the subgraphs'
    samples piling up in allocation sites (SQLAlchemy's InstanceState.__init__, asyncio.gather)
    under bench/pages.py. Answers hold no reference cycles, so fewer collections only delay
    freeing the rare cyclic garbage. ``0`` keeps the interpreter's defaults.
    """
    if gen0_threshold <= 0:
        return
    gc.collect()
    gc.freeze()  # schema, settings, compiled queries: never scanned again
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0_threshold, gen1, gen2)

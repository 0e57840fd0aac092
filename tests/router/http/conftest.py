"""Fixtures for the router's HTTP tests; the harness itself is in ``harness.py``."""

from __future__ import annotations

import pytest

from tests.router.http.harness import RouterFactory, router_factory


@pytest.fixture
def make_router() -> RouterFactory:
    return router_factory()

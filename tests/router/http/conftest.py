"""Fixtures for the router's HTTP tests; the harness itself is in ``router_http_harness``."""

from __future__ import annotations

import pytest
from router_http_harness import RouterFactory, router_factory


@pytest.fixture
def make_router() -> RouterFactory:
    return router_factory()

"""The public face of router.http is ``create_app`` alone."""

from __future__ import annotations

import router.http


def test_exported_members() -> None:
    assert router.http.__all__ == ["create_app"]
    assert all(hasattr(router.http, name) for name in router.http.__all__)

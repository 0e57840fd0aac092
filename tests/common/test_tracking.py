"""Track id resolution: the client's, upstream's Request-Id, or a new UUID."""

from __future__ import annotations

import uuid

from common.tracking import resolve_track_id


def test_client_track_id_wins() -> None:
    headers = [(b"request-id", b"upstream-0001"), (b"x-track-id", b"client-0001")]
    assert resolve_track_id(headers) == "client-0001"


def test_upstream_request_id_is_accepted() -> None:
    assert resolve_track_id([(b"request-id", b"upstream-0001")]) == "upstream-0001"


def test_invalid_ids_are_replaced() -> None:
    for value in (b"short", b"has space-123", b"x" * 129, b"semi;colon-1"):
        assert uuid.UUID(resolve_track_id([(b"x-track-id", value)]))


def test_invalid_client_id_falls_back_to_request_id() -> None:
    headers = [(b"x-track-id", b"bad"), (b"request-id", b"upstream-0002")]
    assert resolve_track_id(headers) == "upstream-0002"


def test_new_ids_are_unique() -> None:
    assert resolve_track_id([]) != resolve_track_id([])
